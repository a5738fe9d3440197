package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.cubeshop.platform.registry.Membership;
import dev.cubeshop.platform.registry.ServiceRegistry;

/**
 * A change in the registry reaches the balancing at the next registry refresh (500 ms here), not at the next health
 * round, which this profile puts a minute away: a replica that registers is served, and one that deregisters (as its
 * drain begins) is dropped, long before that. Without it a draining replica could be chosen for a whole round.
 */
@QuarkusTest
@WithTestResource(RegistryUpstreams.class)
@TestProfile(RegistryChangeTest.SlowHealthRounds.class)
class RegistryChangeTest {
    private static final Duration WITHIN = Duration.ofSeconds(3);

    public static class SlowHealthRounds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cubeshop.gateway.health.interval", "60s");
        }
    }

    @Test
    void aReplicaThatRegistersIsServedAndOneThatLeavesIsDroppedWithoutWaitingForAHealthRound() {
        assumeTrue(RegistryUpstreams.registry != null, "needs etcd: run through ./cubeshop test (CUBESHOP_ETCD)");
        String token = Tokens.login("alice");
        FakeUpstream replica = FakeUpstreams.cart;
        try (Membership member = new Membership(RegistryUpstreams.registry, "cart",
                new ServiceRegistry.Instance("127.0.0.1", replica.port()), Duration.ofSeconds(3))) {
            given().auth().oauth2(token).get("/api/cart").then().statusCode(503);

            member.join();
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(50))
                    .until(() -> given().auth().oauth2(token).get("/api/cart").statusCode() == 200);

            member.leave();
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> Gateway.state(replica) == null);
            int hits = replica.hits("/api/cart");
            given().auth().oauth2(token).get("/api/cart").then().statusCode(503);
            assertThat(replica.hits("/api/cart")).as("requests after it left").isEqualTo(hits);
        }
    }
}
