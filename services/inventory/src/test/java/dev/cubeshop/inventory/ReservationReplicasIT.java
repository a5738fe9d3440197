package dev.cubeshop.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

import dev.cubeshop.testing.TestTokens;

/**
 * Two replicas of the packaged application share the work against one database. Whatever replica a request or a job
 * run lands on, the database decides, so stock is neither oversold nor released twice.
 */
class ReservationReplicasIT {

    private static void createProduct(String url, String sku, int onHand) {
        given().baseUri(url).auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "name", "Replicated " + sku,
                        "price", Map.of("amountMinor", 1500, "currency", "EUR"), "onHand", onHand))
                .post("/api/admin/products").then().statusCode(201);
    }

    /** Fires one single-unit reservation per request at once, alternating replicas; returns the status codes. */
    private static List<Integer> reserveConcurrently(Replicas replicas, String sku, int requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                String url = replicas.url(i);
                statuses.add(pool.submit(() -> {
                    start.await();
                    return given().baseUri(url).contentType(ContentType.JSON)
                            .body(Fixtures.reservation(UUID.randomUUID(), sku, 1))
                            .post("/internal/reservations").statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get(60, TimeUnit.SECONDS));
            }
            return codes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftyConcurrentReservationsSplitAcrossTwoReplicasReserveExactlyTheTenInStock() throws Exception {
        try (Replicas replicas = Replicas.start("reserve", 2, Map.of())) {
            String sku = Fixtures.uniqueSku("REPLICAS");
            createProduct(replicas.url(0), sku, 10);

            List<Integer> codes = reserveConcurrently(replicas, sku, 50);

            assertThat(Collections.frequency(codes, 201)).isEqualTo(10);
            assertThat(Collections.frequency(codes, 409)).isEqualTo(40);
            for (String url : replicas.urls()) {
                given().baseUri(url).auth().oauth2(TestTokens.admin()).get("/api/admin/products/{sku}", sku).then()
                        .statusCode(200)
                        .body("onHand", equalTo(10))
                        .body("reserved", equalTo(10))
                        .body("available", equalTo(0));
            }
        }
    }

    @Test
    void twoReplicasRunningTheExpiryJobReleaseEveryReservationExactlyOnce() throws Exception {
        // Short-lived reservations, a job every second on each replica, small batches: the replicas' runs overlap.
        Map<String, String> settings = Map.of("inventory.reservation.ttl", "3s",
                "inventory.reservation.expiry-interval", "1s", "inventory.reservation.expiry-batch-size", "3");
        try (Replicas replicas = Replicas.start("expiry", 2, settings)) {
            String sku = Fixtures.uniqueSku("EXPIRING");
            createProduct(replicas.url(0), sku, 30);

            List<Integer> codes = reserveConcurrently(replicas, sku, 30);
            assertThat(Collections.frequency(codes, 201)).isEqualTo(30);

            // A double release would drive reserved below the units still held (refused by the guard and the check
            // constraint) or leave it off; the end state must be exactly all stock back, nothing taken.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(replicas.url(1))
                    .auth().oauth2(TestTokens.admin()).get("/api/admin/products/{sku}", sku).then()
                    .body("reserved", equalTo(0)));
            given().baseUri(replicas.url(0)).auth().oauth2(TestTokens.admin()).get("/api/admin/products/{sku}", sku)
                    .then().body("onHand", equalTo(30)).body("available", equalTo(30));
        }
    }
}
