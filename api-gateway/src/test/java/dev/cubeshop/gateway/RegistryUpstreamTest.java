package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.cubeshop.platform.registry.Membership;
import dev.cubeshop.platform.registry.ServiceRegistry;

/**
 * Dynamic membership at the gateway: cart replicas that register start receiving requests within the documented
 * bound (registry refresh + one health round), and one that deregisters stops receiving them, without a restart.
 */
@QuarkusTest
@WithTestResource(RegistryUpstreams.class)
class RegistryUpstreamTest {
    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration BOUND = Duration.ofSeconds(3);

    @Test
    void replicasThatRegisterJoinTheBalancingAndOneThatLeavesGetsNoMoreRequests() {
        assumeTrue(RegistryUpstreams.registry != null, "needs etcd: run through ./cubeshop test (CUBESHOP_ETCD)");
        String token = Tokens.login("alice");
        FakeUpstream first = FakeUpstreams.cart;
        FakeUpstream second = new FakeUpstream("cart", 1);
        try (Membership one = member(first); Membership two = member(second)) {
            given().auth().oauth2(token).get("/api/cart").then().statusCode(503);

            one.join();
            long joined = System.nanoTime();
            await().atMost(BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> given().auth().oauth2(token).get("/api/cart").statusCode() == 200);
            System.out.printf("first cart replica served %d ms after registering%n", millisSince(joined));

            two.join();
            long secondJoined = System.nanoTime();
            await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
                given().auth().oauth2(token).get("/api/cart").then().statusCode(200);
                return second.hits("/api/cart") > 0;
            });
            System.out.printf("second cart replica served %d ms after registering%n", millisSince(secondJoined));

            one.leave();
            long left = System.nanoTime();
            await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> !listed(first));
            System.out.printf("first cart replica dropped %d ms after deregistering%n", millisSince(left));
            int firstHits = first.hits("/api/cart");
            for (int i = 0; i < 10; i++) {
                given().auth().oauth2(token).get("/api/cart").then().statusCode(200);
            }
            assertThat(first.hits("/api/cart")).isEqualTo(firstHits);
        } finally {
            second.kill();
        }
    }

    /** Whether the gateway balances over the replica at all (its /q/health/well lists it). */
    private static boolean listed(FakeUpstream replica) {
        return Gateway.state(replica) != null;
    }

    private static Membership member(FakeUpstream replica) {
        return new Membership(RegistryUpstreams.registry, "cart",
                new ServiceRegistry.Instance("127.0.0.1", replica.port()), TTL);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
