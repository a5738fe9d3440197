package dev.cubeshop.cart;

import static dev.cubeshop.cart.Customers.as;
import static dev.cubeshop.cart.Customers.fresh;
import static dev.cubeshop.cart.Customers.setting;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cubeshop.cart.client.InventoryWarmUp;
import dev.cubeshop.testing.TestTokens;

/**
 * Two replicas of the packaged application ({@code target/quarkus-app}), started as real processes against the real
 * database and broker, with the inventory stand-in behind them. A customer's requests alternate between them: each
 * sees what the other wrote, because no replica keeps a cart in memory.
 */
class CartReplicasIT {
    private static final String JDBC_URL = System.getProperty("cubeshop.it.jdbc-url");
    private static final String KAFKA = System.getProperty("cubeshop.it.kafka");
    private static final List<CartProcess> replicas = new ArrayList<>();
    private static final Map<Integer, Integer> warmUpReads = new HashMap<>();
    private static Map<String, String> config;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        assumeTrue(JDBC_URL != null && KAFKA != null, "needs the local stack's database and broker (./cubeshop test)");
        assertThat(CartProcess.JAR).as("the packaged application").exists();
        String publicKey = new TestTokens().start().get("mp.jwt.verify.publickey.location");
        String inventory = new InventoryStandIn().start().get(InventoryStandIn.ADDRESS_LIST);
        config = Map.of(
                "quarkus.datasource.jdbc.url", JDBC_URL,
                "quarkus.datasource.username", System.getProperty("cubeshop.it.db-user"),
                "kafka.bootstrap.servers", KAFKA,
                "mp.jwt.verify.publickey.location", publicKey,
                InventoryStandIn.ADDRESS_LIST, inventory,
                // Its own consumer group: a running local stack's cart keeps its partitions.
                "mp.messaging.incoming.order-completed.group.id", "cart-it");
        for (int instance = 0; instance < 2; instance++) {
            warmUpReads.put(instance, InventoryStandIn.served(instance, InventoryWarmUp.SKU));
        }
        for (int i = 0; i < 2; i++) {
            replicas.add(CartProcess.start("replica-" + i, config));
        }
        for (CartProcess replica : replicas) {
            replica.awaitReady(Duration.ofSeconds(120));
        }
        for (int instance = 0; instance < 2; instance++) {
            warmUpReads.merge(instance, InventoryStandIn.served(instance, InventoryWarmUp.SKU), (b, a) -> a - b);
        }
    }

    @AfterAll
    static void stopReplicas() {
        replicas.forEach(CartProcess::stop);
        InventoryStandIn.stopAll();
    }

    @Test
    void eachReplicaHadReadFromEveryInventoryInstanceWhenItBecameReady() {
        // Two replicas, each warming one read per inventory instance before its readiness turned UP.
        assertThat(warmUpReads).containsExactlyInAnyOrderEntriesOf(Map.of(0, 2, 1, 2));
        given().baseUri(replicas.get(0).url()).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'warm-up' }.status", equalTo("UP"));
    }

    @Test
    void aReplicaStartedWhileInventoryIsDownStillBecomesReadyAndServesCarts() throws Exception {
        String alice = fresh("alice");
        setting(alice, 1).baseUri(replicas.get(0).url()).put("/api/cart/items/mug-1").then().statusCode(200);
        InventoryStandIn.stopAll();
        CartProcess third = CartProcess.start("inventory-down", config);
        try {
            third.awaitReady(Duration.ofSeconds(120));
            assertThat(Files.readString(third.log())).contains("Could not warm up the inventory client");
            as(alice).baseUri(third.url()).get("/api/cart").then().statusCode(200)
                    .body("lines.sku", contains("mug-1"));
            setting(alice, 2).baseUri(third.url()).put("/api/cart/items/tee-1").then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://cubeshop.dev/problems/inventory-unavailable"));
        } finally {
            third.stop();
            InventoryStandIn.startAll();
        }
    }

    @Test
    void twoReplicasAlternateOnOneCustomersRequestsAndSeeTheSameCart() {
        String alice = fresh("alice");
        String a = replicas.get(0).url();
        String b = replicas.get(1).url();

        setting(alice, 2).baseUri(a).put("/api/cart/items/mug-1").then().statusCode(200);
        setting(alice, 1).baseUri(b).put("/api/cart/items/tee-1").then().statusCode(200)
                .body("lines.sku", contains("mug-1", "tee-1"));
        setting(alice, 3).baseUri(a).put("/api/cart/items/mug-1").then().statusCode(200)
                .body("lines.quantity", contains(3, 1));
        as(alice).baseUri(b).delete("/api/cart/items/tee-1").then().statusCode(200)
                .body("lines.sku", contains("mug-1"));

        String seenByA = as(alice).baseUri(a).get("/api/cart").then().statusCode(200)
                .body("lines.quantity", contains(3))
                .body("total.amountMinor", equalTo(3 * 1250)).extract().asString();
        String seenByB = as(alice).baseUri(b).get("/api/cart").then().statusCode(200).extract().asString();
        assertThat(seenByB).isEqualTo(seenByA);
        given().baseUri(b).get("/internal/carts/" + alice).then().statusCode(200).body(equalTo(seenByA));
    }

    @Test
    void anOrderCompletedEventDeliveredTwiceIsAppliedOnceAcrossReplicas() throws Exception {
        String alice = fresh("alice");
        String a = replicas.get(0).url();
        String b = replicas.get(1).url();
        setting(alice, 3).baseUri(a).put("/api/cart/items/mug-1").then().statusCode(200);
        setting(alice, 1).baseUri(b).put("/api/cart/items/cap-1").then().statusCode(200);
        UUID orderId = UUID.randomUUID();
        String event = OrderCompletedConsumerTest.orderCompleted(UUID.randomUUID(), orderId, alice,
                Map.of("mug-1", 1));

        OrderCompletedConsumerTest.publish(KAFKA, orderId.toString(), event);
        OrderCompletedConsumerTest.publish(KAFKA, orderId.toString(), event);
        OrderCompletedConsumerTest.publish(KAFKA, orderId.toString(),
                OrderCompletedConsumerTest.orderCompleted(UUID.randomUUID(), orderId, alice, Map.of("cap-1", 1)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(alice).baseUri(b).get("/api/cart").then()
                .statusCode(200).body("lines.sku", contains("mug-1")));
        as(alice).baseUri(a).get("/api/cart").then().body("lines.quantity", contains(2));
    }
}
