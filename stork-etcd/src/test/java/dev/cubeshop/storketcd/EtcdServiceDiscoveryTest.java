package dev.cubeshop.storketcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.stork.api.ServiceInstance;

import dev.cubeshop.platform.registry.Etcd;
import dev.cubeshop.platform.registry.Membership;
import dev.cubeshop.platform.registry.ServiceRegistry;
import dev.cubeshop.testing.TcpProxy;

/** Stork's view of the registry, against a real etcd (./cubeshop test exports CUBESHOP_ETCD). */
class EtcdServiceDiscoveryTest {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private URI etcd;
    private String namespace;
    private ServiceRegistry registry;

    @BeforeEach
    void registry() {
        String endpoints = System.getenv("CUBESHOP_ETCD");
        assumeTrue(endpoints != null, "needs etcd: run through ./cubeshop test (CUBESHOP_ETCD)");
        etcd = Etcd.endpoints(endpoints).get(0);
        namespace = "test-" + UUID.randomUUID();
        registry = registryThrough(etcd);
    }

    @Test
    void replicasThatJoinAndLeaveAreSeenWithinTheRefreshPeriodAndStayersKeepTheirInstance() {
        var discovery = new EtcdServiceDiscovery("inventory", registry, "0.3S");
        try (Membership first = membership("127.0.0.1", 18082); Membership second = membership("127.0.0.1", 18182)) {
            first.join();
            List<ServiceInstance> one = instances(discovery);
            assertThat(addresses(one)).containsExactly("127.0.0.1:18082");

            second.join();
            await().atMost(WAIT).until(() -> addresses(instances(discovery)).size() == 2);
            List<ServiceInstance> two = instances(discovery);
            assertThat(addresses(two)).containsExactly("127.0.0.1:18082", "127.0.0.1:18182");
            assertThat(two.get(0).getId()).isEqualTo(one.get(0).getId());

            first.leave();
            await().atMost(WAIT).until(() -> addresses(instances(discovery)).equals(List.of("127.0.0.1:18182")));
        }
    }

    @Test
    void whileTheRegistryIsUnreachableTheLastKnownReplicasAreKept() throws Exception {
        try (TcpProxy line = new TcpProxy(etcd.getHost(), etcd.getPort());
                Membership replica = membership("127.0.0.1", 18083)) {
            replica.join();
            var discovery = new EtcdServiceDiscovery("inventory",
                    registryThrough(URI.create("http://127.0.0.1:" + line.port())), "0.2S");
            assertThat(addresses(instances(discovery))).containsExactly("127.0.0.1:18083");

            line.cut();
            Thread.sleep(600);
            assertThat(addresses(instances(discovery))).containsExactly("127.0.0.1:18083");

            line.restore();
            replica.leave();
            await().atMost(WAIT).until(() -> instances(discovery).isEmpty());
        }
    }

    private ServiceRegistry registryThrough(URI endpoint) {
        return new ServiceRegistry(new Etcd(List.of(endpoint), Duration.ofMillis(500)), namespace);
    }

    private Membership membership(String host, int port) {
        return new Membership(registry, "inventory", new ServiceRegistry.Instance(host, port), TTL);
    }

    private static List<ServiceInstance> instances(EtcdServiceDiscovery discovery) {
        return discovery.getServiceInstances().await().atMost(WAIT);
    }

    private static List<String> addresses(List<ServiceInstance> instances) {
        return instances.stream().map(i -> i.getHost() + ":" + i.getPort()).toList();
    }
}
