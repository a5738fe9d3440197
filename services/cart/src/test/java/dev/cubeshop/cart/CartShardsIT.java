package dev.cubeshop.cart;

import static dev.cubeshop.cart.Customers.as;
import static dev.cubeshop.cart.Customers.fresh;
import static dev.cubeshop.cart.Customers.setting;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

import dev.cubeshop.platform.sharding.ShardMap;
import dev.cubeshop.testing.TestTokens;

/**
 * Cart shards as real processes, each on a database of its own (here: a schema of its own in the test database, which
 * is what a shard sees of its database). Two shards serve only their own customers and refuse the others with 421;
 * then a third shard is added: every process restarts with three shards, the old shards hand off the carts they no
 * longer own, and every customer finds their whole cart at the new owner, none in two shards, none lost.
 */
class CartShardsIT {
    private static final String JDBC_URL = System.getProperty("cubeshop.it.jdbc-url");
    private static final String KAFKA = System.getProperty("cubeshop.it.kafka");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> SKUS = List.of("mug-1", "tee-1", "cap-1");
    private static final List<CartProcess> running = new ArrayList<>();
    private static String publicKey;
    private static String inventory;

    @BeforeAll
    static void standIns() {
        assumeTrue(JDBC_URL != null && KAFKA != null, "needs the local stack's database and broker (./cubeshop test)");
        assertThat(CartProcess.JAR).as("the packaged application").exists();
        publicKey = new TestTokens().start().get("mp.jwt.verify.publickey.location");
        inventory = new InventoryStandIn().start().get(InventoryStandIn.ADDRESS_LIST);
    }

    @AfterAll
    static void stopAndDropSchemas() throws SQLException {
        running.forEach(CartProcess::stop);
        InventoryStandIn.stopAll();
        if (JDBC_URL != null) {
            try (Connection db = connect(); Statement statement = db.createStatement()) {
                for (int shard = 0; shard < 3; shard++) {
                    statement.execute("drop schema if exists " + schema(shard) + " cascade");
                }
            }
        }
    }

    @Test
    void shardsServeOnlyTheirCustomersAndAddingAShardMovesEveryCartIntact() throws Exception {
        List<CartProcess> two = startShards(2, 2);
        ShardMap map = new ShardMap(2);

        // A misroute changes nothing: the wrong shard answers 421 and stores no cart.
        String stray = customerOn(map, 1);
        setting(stray, 1).baseUri(two.get(0).url()).put("/api/cart/items/mug-1").then().statusCode(421)
                .contentType("application/problem+json")
                .body("type", equalTo("https://cubeshop.dev/problems/wrong-shard")).body("owner", equalTo(1));
        as(stray).baseUri(two.get(0).url()).get("/api/cart").then().statusCode(421);
        given().baseUri(two.get(0).url()).get("/internal/carts/" + stray).then().statusCode(421);
        assertThat(holders(stray, 2)).isEmpty();

        // Carts for 60 customers, each written through its owner.
        Map<String, Map<String, Integer>> carts = new TreeMap<>();
        for (int i = 0; i < 60; i++) {
            String customer = fresh("shopper" + i);
            Map<String, Integer> lines = new TreeMap<>();
            for (int l = 0; l <= i % SKUS.size(); l++) {
                lines.put(SKUS.get(l), 1 + (i + l) % 4);
            }
            CartProcess owner = two.get(map.shardOf(customer));
            lines.forEach((sku, quantity) -> setting(customer, quantity).baseUri(owner.url())
                    .put("/api/cart/items/" + sku).then().statusCode(200));
            carts.put(customer, lines);
        }
        int[] perShard = new int[2];
        for (String customer : carts.keySet()) {
            assertThat(holders(customer, 2)).as("shards holding %s", customer).containsExactly(map.shardOf(customer));
            perShard[map.shardOf(customer)]++;
        }
        assertThat(perShard[0]).as("carts per shard %s", java.util.Arrays.toString(perShard)).isPositive();
        assertThat(perShard[1]).isPositive();

        // A third shard: every process now knows three shards; the new one is empty, the old ones hold foreign carts.
        two.forEach(CartProcess::stop);
        running.removeAll(two);
        List<CartProcess> three = startShards(3, 3);
        ShardMap grown = new ShardMap(3);
        List<String> moving = carts.keySet().stream().filter(c -> grown.shardOf(c) == 2).toList();
        assertThat(moving).isNotEmpty();
        for (String customer : moving) {
            assertThat(map.shardOf(customer)).isIn(0, 1);
        }
        int foreign = 0;
        for (int shard = 0; shard < 2; shard++) {
            foreign += given().baseUri(three.get(shard).url()).get("/internal/shards").then().statusCode(200)
                    .body("shards", equalTo(3)).extract().<Integer>path("foreignCarts");
        }
        assertThat(foreign).isEqualTo(moving.size());

        // One moving customer already wrote to the new shard before the hand-off: that newer line must win.
        String early = moving.getFirst();
        String sku = carts.get(early).keySet().iterator().next();
        setting(early, 9).baseUri(three.get(2).url()).put("/api/cart/items/" + sku).then().statusCode(200);
        carts.get(early).put(sku, 9);

        // A hand-off that lacks the address of a shard that must receive carts moves nothing and says which.
        int holdingShard = grown.shardOf(moving.getLast()) == 2 ? map.shardOf(moving.getLast()) : 0;
        given().baseUri(three.get(holdingShard).url()).contentType(ContentType.JSON)
                .body("{\"owners\": {\"1\": \"http://127.0.0.1:9\"}}").post("/internal/shards/handoff").then()
                .statusCode(422).body("missing", org.hamcrest.Matchers.contains(2));
        assertThat(holders(moving.getLast(), 3)).containsExactly(holdingShard);

        String owners = "{\"owners\": {\"2\": \"" + three.get(2).url() + "\"}}";
        int moved = 0;
        for (int shard = 0; shard < 2; shard++) {
            moved += given().baseUri(three.get(shard).url()).contentType(ContentType.JSON).body(owners)
                    .post("/internal/shards/handoff").then().statusCode(200).body("remaining", equalTo(0))
                    .extract().<Integer>path("moved");
        }
        assertThat(moved).isEqualTo(moving.size());
        // Run again: nothing left to move.
        given().baseUri(three.get(0).url()).contentType(ContentType.JSON).body(owners)
                .post("/internal/shards/handoff").then().statusCode(200).body("moved", equalTo(0));

        for (var cart : carts.entrySet()) {
            String customer = cart.getKey();
            int owner = grown.shardOf(customer);
            assertThat(holders(customer, 3)).as("shards holding %s", customer).containsExactly(owner);
            Map<String, Integer> seen = new TreeMap<>();
            List<Map<String, Object>> lines = as(customer).baseUri(three.get(owner).url()).get("/api/cart").then()
                    .statusCode(200).extract().path("lines");
            lines.forEach(line -> seen.put((String) line.get("sku"), (Integer) line.get("quantity")));
            assertThat(seen).as("the cart of %s at shard %d", customer, owner).isEqualTo(cart.getValue());
        }

        // The new shard acts on OrderCompleted events for its customers (the old shards read them too and pass).
        UUID orderId = UUID.randomUUID();
        OrderCompletedConsumerTest.publish(KAFKA, orderId.toString(), OrderCompletedConsumerTest.orderCompleted(
                UUID.randomUUID(), orderId, early, Map.of(sku, 9)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(early).baseUri(three.get(2).url())
                .get("/api/cart").then().statusCode(200)
                .body("lines.sku", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(sku))));
    }

    /** Starts shards 0..count-1 of a map of {@code shards}, each on its own schema, and waits until all are ready. */
    private static List<CartProcess> startShards(int count, int shards) throws Exception {
        List<CartProcess> started = new ArrayList<>();
        for (int shard = 0; shard < count; shard++) {
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.datasource.jdbc.url", JDBC_URL + "?currentSchema=" + schema(shard));
            config.put("quarkus.datasource.username", System.getProperty("cubeshop.it.db-user"));
            config.put("quarkus.flyway.schemas", schema(shard));
            config.put("kafka.bootstrap.servers", KAFKA);
            config.put("mp.jwt.verify.publickey.location", publicKey);
            config.put(InventoryStandIn.ADDRESS_LIST, inventory);
            config.put("cubeshop.cart.shard.index", String.valueOf(shard));
            config.put("cubeshop.cart.shard.count", String.valueOf(shards));
            config.put("mp.messaging.incoming.order-completed.group.id", "cart-shards-it-" + RUN + "-" + shard);
            started.add(CartProcess.start("shard-" + shard + "-of-" + shards, config));
        }
        running.addAll(started);
        for (CartProcess process : started) {
            process.awaitReady(Duration.ofSeconds(120));
        }
        return started;
    }

    private static String schema(int shard) {
        return "shards_it_" + RUN + "_" + shard;
    }

    private static String customerOn(ShardMap map, int shard) {
        String customer;
        do {
            customer = fresh("stray");
        } while (map.shardOf(customer) != shard);
        return customer;
    }

    /** The shards whose schema stores a cart of the customer, read straight from the database. */
    private static List<Integer> holders(String customer, int shards) throws SQLException {
        List<Integer> holders = new ArrayList<>();
        try (Connection db = connect()) {
            for (int shard = 0; shard < shards; shard++) {
                try (var statement = db.prepareStatement(
                        "select count(*) from " + schema(shard) + ".cart where customer_id = ?")) {
                    statement.setString(1, customer);
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        if (rows.getInt(1) > 0) {
                            holders.add(shard);
                        }
                    }
                }
            }
        }
        return holders;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(JDBC_URL, System.getProperty("cubeshop.it.db-user"),
                System.getProperty("cubeshop.it.db-password"));
    }
}
