package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.cubeshop.platform.sharding.ShardMap;

/**
 * The Z-axis at the gateway: /api/cart is routed to the cart shard that owns the caller (the token's subject), always
 * the same one, and a shard that is down costs only its own customers.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(ShardRoutingTest.CartShards.class)
@TestProfile(ShardRoutingTest.TwoShards.class)
class ShardRoutingTest {

    public static class TwoShards implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cubeshop.gateway.routes.cart.shards", "cart-0,cart-1");
        }
    }

    public static class CartShards implements QuarkusTestResourceLifecycleManager {
        static volatile List<FakeUpstream> shards;

        @Override
        public Map<String, String> start() {
            shards = List.of(new FakeUpstream("cart-0", 0), new FakeUpstream("cart-1", 0));
            return Map.of("cubeshop.gateway.upstreams.cart-0.replicas", shards.get(0).uri(),
                    "cubeshop.gateway.upstreams.cart-1.replicas", shards.get(1).uri());
        }

        @Override
        public void stop() {
            shards.forEach(FakeUpstream::kill);
        }
    }

    @AfterEach
    void revive() {
        CartShards.shards.forEach(FakeUpstream::reset);
        CartShards.shards.forEach(shard -> Gateway.awaitState(shard, "UP"));
    }

    @Test
    void knownCustomersGoToTheShardsTheirSha256ScoresName() {
        // From sha256sum (see platform's ShardMapTest): alice scores highest on shard 0, dave and frank on shard 1.
        assertThat(servedBy("alice")).isEqualTo("cart-0-0");
        assertThat(servedBy("dave")).isEqualTo("cart-1-0");
        assertThat(servedBy("frank")).isEqualTo("cart-1-0");
    }

    @Test
    void everyCustomerAlwaysReachesTheShardThatOwnsThemAndBothShardsServe() {
        ShardMap map = new ShardMap(2);
        Map<String, Integer> perShard = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String customer = "shopper-" + i;
            String token = Tokens.login(customer);
            String expected = "cart-" + map.shardOf(customer) + "-0";
            for (String path : List.of("/api/cart", "/api/cart/items/mug-1")) {
                String replica = (path.equals("/api/cart")
                        ? given().auth().oauth2(token).get(path)
                        : given().auth().oauth2(token).contentType("application/json").body("{\"quantity\":1}")
                                .put(path))
                        .then().statusCode(200).extract().path("replica");
                assertThat(replica).as("%s %s", customer, path).isEqualTo(expected);
            }
            perShard.merge(expected, 1, Integer::sum);
        }
        assertThat(perShard).containsOnlyKeys("cart-0-0", "cart-1-0");
    }

    @Test
    void aShardThatIsDownCostsOnlyItsOwnCustomers() {
        String alice = Tokens.login("alice");
        String dave = Tokens.login("dave");
        CartShards.shards.get(1).kill();

        given().auth().oauth2(dave).get("/api/cart").then().statusCode(503)
                .contentType("application/problem+json");
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(alice).get("/api/cart").then().statusCode(200);
        }
    }

    @Test
    void anUpstreamNoRouteUsesIsNeitherCheckedNorReported() {
        // The unsharded cart upstream is still configured (FakeUpstreams), but no route names it any more.
        java.util.Map<String, String> upstreams = given().get("/q/health/well").then().statusCode(200).extract()
                .jsonPath().getMap("checks[0].data");
        assertThat(upstreams.keySet()).anyMatch(key -> key.startsWith("cart-0 "))
                .anyMatch(key -> key.startsWith("cart-1 ")).noneMatch(key -> key.startsWith("cart "));
    }

    @Test
    void theShardedRouteNeedsAToken() {
        given().get("/api/cart").then().statusCode(401);
    }

    private static String servedBy(String customer) {
        return given().auth().oauth2(Tokens.login(customer)).get("/api/cart").then().statusCode(200).extract()
                .path("replica");
    }
}
