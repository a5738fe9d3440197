package dev.cubeshop.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Registration against a real etcd (./cubeshop test starts one and exports CUBESHOP_ETCD): each test works in a
 * namespace of its own.
 */
class MembershipTest {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final ServiceRegistry.Instance A = new ServiceRegistry.Instance("127.0.0.1", 18082);
    private static final ServiceRegistry.Instance B = new ServiceRegistry.Instance("127.0.0.1", 18182);

    private ServiceRegistry registry;

    @BeforeEach
    void registry() {
        String endpoints = System.getenv("CUBESHOP_ETCD");
        assumeTrue(endpoints != null, "needs etcd: run through ./cubeshop test (CUBESHOP_ETCD)");
        registry = new ServiceRegistry(new Etcd(Etcd.endpoints(endpoints), Duration.ofSeconds(1)),
                "test-" + UUID.randomUUID());
    }

    @Test
    void joinedReplicasAreListedAndOneThatLeavesIsGoneAtOnce() throws IOException {
        try (Membership a = new Membership(registry, "inventory", A, TTL);
                Membership b = new Membership(registry, "inventory", B, TTL)) {
            a.join();
            b.join();
            assertThat(registry.instances("inventory")).containsExactly(A, B);
            assertThat(registry.instances("cart")).isEmpty();

            b.leave();

            assertThat(registry.instances("inventory")).containsExactly(A);
        }
    }

    @Test
    void aLiveReplicaOutlivesItsTtlBecauseItRenewsTheLease() throws Exception {
        try (Membership a = new Membership(registry, "cart", A, TTL)) {
            a.join();
            Thread.sleep(TTL.multipliedBy(2).toMillis());
            assertThat(registry.instances("cart")).containsExactly(A);
        }
    }

    @Test
    void aReplicaThatStopsRenewingWithoutLeavingIsDroppedWhenItsLeaseExpires() throws IOException {
        // What SIGKILL leaves behind: a registration whose lease nobody renews.
        registry.register("payment", A, TTL);
        assertThat(registry.instances("payment")).containsExactly(A);
        long start = System.nanoTime();

        await().atMost(TTL.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> registry.instances("payment").isEmpty());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(TTL.minusMillis(1100));
    }

    @Test
    void aReplicaWhoseLeaseExpiredWhileFrozenRegistersAgain() throws Exception {
        try (Membership a = new Membership(registry, "cart", A, TTL)) {
            a.join();
            long lease = registry.register("other", B, TTL);
            // A frozen process renews nothing: its lease runs out. Simulate by revoking A's registration from outside.
            registry.etcd().revoke(a.lease());
            assertThat(registry.instances("cart")).isEmpty();

            await().atMost(TTL.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> registry.instances("cart").equals(List.of(A)));
            registry.etcd().revoke(lease);
        }
    }

    @Test
    void withEtcdUnreachableJoiningKeepsTryingAndListingFailsClearly() {
        var unreachable = new ServiceRegistry(new Etcd(List.of(URI.create("http://127.0.0.1:1")),
                Duration.ofMillis(300)), "test");
        try (Membership a = new Membership(unreachable, "cart", A, TTL)) {
            a.join();
            assertThat(a.registered()).isFalse();
        }
        assertThatThrownBy(() -> unreachable.instances("cart")).isInstanceOf(IOException.class);
    }

    @Test
    void malformedEntriesAreIgnored() throws IOException {
        long lease = registry.etcd().grant(TTL);
        registry.etcd().put(registry.key("cart", A), "not json", lease);
        registry.register("cart", B, TTL);

        assertThat(registry.instances("cart")).containsExactly(B);
    }
}
