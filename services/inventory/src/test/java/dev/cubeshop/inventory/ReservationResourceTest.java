package dev.cubeshop.inventory;

import static dev.cubeshop.inventory.Fixtures.product;
import static dev.cubeshop.inventory.Fixtures.reservation;
import static dev.cubeshop.inventory.Fixtures.stock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import dev.cubeshop.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class ReservationResourceTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String TYPE = "https://cubeshop.dev/problems/";

    private static ValidatableResponse reserve(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/internal/reservations").then();
    }

    @Test
    void reservingReturnsAuthoritativePricesAndHoldsTheStock() {
        String mug = product("MUG", 1400, 10);
        String pen = product("PEN", 3200, 5);
        UUID order = UUID.randomUUID();

        reserve(reservation(order, mug, 2, pen, 1)).statusCode(201)
                .body("orderId", equalTo(order.toString()))
                .body("status", equalTo("RESERVED"))
                .body("expiresAt", notNullValue())
                .body("lines", hasSize(2))
                .body("lines.find { it.sku == '" + mug + "' }.unitPrice.amountMinor", equalTo(1400))
                .body("lines.find { it.sku == '" + mug + "' }.name", equalTo("Test product " + mug))
                .body("total.amountMinor", equalTo(2 * 1400 + 3200))
                .body("total.currency", equalTo("EUR"));

        assertThat(stock(mug).getInt("reserved")).isEqualTo(2);
        assertThat(stock(mug).getInt("available")).isEqualTo(8);
        given().get("/api/products/{sku}", mug).then().statusCode(200).body("available", equalTo(8));
    }

    @Test
    void repeatingAReservationReturnsTheSameOneAndReservesNothingMore() {
        String sku = product("REPEAT", 1000, 10);
        UUID order = UUID.randomUUID();

        reserve(reservation(order, sku, 3)).statusCode(201);
        reserve(reservation(order, sku, 3)).statusCode(200).body("status", equalTo("RESERVED"))
                .body("lines[0].quantity", equalTo(3));

        assertThat(stock(sku).getInt("reserved")).isEqualTo(3);
    }

    @Test
    void anOrderIdWithOtherLinesIsAConflict() {
        String sku = product("CONFLICT", 1000, 10);
        UUID order = UUID.randomUUID();
        reserve(reservation(order, sku, 3)).statusCode(201);

        reserve(reservation(order, sku, 4)).statusCode(409).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "reservation-conflict"));

        assertThat(stock(sku).getInt("reserved")).isEqualTo(3);
    }

    @Test
    void aMultiLineReservationWithOneShortLineReservesNothingAtAll() {
        String plenty = product("PLENTY", 500, 100);
        String scarce = product("SCARCE", 500, 2);
        UUID order = UUID.randomUUID();

        reserve(reservation(order, plenty, 5, scarce, 3)).statusCode(409).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "insufficient-stock"))
                .body("unavailable", hasSize(1))
                .body("unavailable[0].sku", equalTo(scarce))
                .body("unavailable[0].requested", equalTo(3))
                .body("unavailable[0].available", equalTo(2));

        assertThat(stock(plenty).getInt("reserved")).isZero();
        assertThat(stock(scarce).getInt("reserved")).isZero();
        given().get("/internal/reservations/{id}", order).then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "reservation-not-found"));
        // Nothing was held under the order id: the same id may try again once stock arrives.
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("delta", 1))
                .post("/api/admin/products/{sku}/stock/adjustments", scarce).then().statusCode(200);
        reserve(reservation(order, plenty, 5, scarce, 3)).statusCode(201);
    }

    @Test
    void unknownSkusAreUnprocessableAndReserveNothing() {
        String sku = product("KNOWN", 500, 10);
        String missing = Fixtures.uniqueSku("MISSING");

        reserve(reservation(UUID.randomUUID(), sku, 1, missing, 1)).statusCode(422).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "unknown-product"))
                .body("skus", equalTo(List.of(missing)))
                .body("detail", containsString(missing));

        assertThat(stock(sku).getInt("reserved")).isZero();
    }

    @Test
    void anInactiveProductCannotBeReserved() {
        String sku = product("RETIRED", 500, 10);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Retired", "price", Map.of("amountMinor", 500, "currency", "EUR"),
                        "active", false))
                .put("/api/admin/products/{sku}", sku).then().statusCode(200);

        reserve(reservation(UUID.randomUUID(), sku, 1)).statusCode(409)
                .body("type", equalTo(TYPE + "insufficient-stock"))
                .body("unavailable[0].available", equalTo(0));
        assertThat(stock(sku).getInt("reserved")).isZero();
    }

    @Test
    void badRequestsNameWhatIsWrongAndChangeNothing() {
        String sku = product("BAD", 500, 10);
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(Map.of("sku", sku + "-" + i, "quantity", 1));
        }

        validation(reservation(UUID.randomUUID(), sku, 0), "lines[0].quantity");
        validation(reservation(UUID.randomUUID(), sku, 1001), "lines[0].quantity");
        validation(Map.of("orderId", UUID.randomUUID().toString(), "lines", tooMany), "lines");
        validation(Map.of("orderId", UUID.randomUUID().toString(), "lines", List.of()), "lines");
        validation(Map.of("lines", List.of(Map.of("sku", sku, "quantity", 1))), "orderId");
        validation(reservation(UUID.randomUUID(), sku, 1, sku, 2), "lines");
        validation(reservation(UUID.randomUUID(), " ", 1), "lines[0].sku");
        validation(reservation(UUID.randomUUID(), sku + "\u0000", 1), "lines[0].sku");
        validation(reservation(UUID.randomUUID(), "a/b", 1), "lines[0].sku");

        reserve("{\"orderId\": \"" + UUID.randomUUID() + "\", \"lines\": [").statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "malformed-request"));
        reserve("{\"orderId\": \"" + UUID.randomUUID() + "\", \"lines\": [{\"sku\": \"" + sku
                + "\", \"quantity\": \"many\"}]}").statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "malformed-request"))
                .body("detail", containsString("quantity"));
        reserve("{\"orderId\": \"not-a-uuid\", \"lines\": []}").statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "malformed-request"))
                .body("detail", containsString("orderId"));

        assertThat(stock(sku).getInt("reserved")).isZero();
    }

    private static void validation(Object body, String field) {
        reserve(body).statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "validation"))
                .body("errors.field", hasItem(field));
    }

    @Test
    void committingTakesTheStockAndRepeatingItChangesNothing() {
        String sku = product("COMMIT", 700, 10);
        UUID order = UUID.randomUUID();
        reserve(reservation(order, sku, 4)).statusCode(201);

        given().post("/internal/reservations/{id}/commit", order).then().statusCode(200)
                .body("status", equalTo("COMMITTED"));
        given().post("/internal/reservations/{id}/commit", order).then().statusCode(200)
                .body("status", equalTo("COMMITTED"));
        reserve(reservation(order, sku, 4)).statusCode(200).body("status", equalTo("COMMITTED"));

        assertThat(stock(sku).getInt("onHand")).isEqualTo(6);
        assertThat(stock(sku).getInt("reserved")).isZero();
        given().post("/internal/reservations/{id}/release", order).then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "reservation-committed"));
        given().get("/internal/reservations/{id}", order).then().statusCode(200)
                .body("status", equalTo("COMMITTED"));
        assertThat(stock(sku).getInt("onHand")).isEqualTo(6);
    }

    @Test
    void releasingGivesTheStockBackOnceAndAReleasedReservationCannotBeCommitted() {
        String sku = product("RELEASE", 700, 10);
        UUID order = UUID.randomUUID();
        reserve(reservation(order, sku, 4)).statusCode(201);

        given().post("/internal/reservations/{id}/release", order).then().statusCode(200)
                .body("status", equalTo("RELEASED"));
        given().post("/internal/reservations/{id}/release", order).then().statusCode(200)
                .body("status", equalTo("RELEASED"));
        assertThat(stock(sku).getInt("reserved")).isZero();
        assertThat(stock(sku).getInt("onHand")).isEqualTo(10);

        given().post("/internal/reservations/{id}/commit", order).then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "reservation-not-committable"))
                .body("status", equalTo("RELEASED"));
        assertThat(stock(sku).getInt("onHand")).isEqualTo(10);
    }

    @Test
    void unknownReservationsAreNotFound() {
        UUID order = UUID.randomUUID();
        for (String path : List.of("/commit", "/release")) {
            given().post("/internal/reservations/" + order + path).then().statusCode(404).contentType(PROBLEM)
                    .body("type", equalTo(TYPE + "reservation-not-found"));
        }
    }

    @Test
    void fiftyConcurrentSingleUnitReservationsForTenUnitsReserveExactlyTen() throws Exception {
        String sku = product("RUSH", 999, 10);
        int requests = 50;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return given().contentType(ContentType.JSON).body(reservation(UUID.randomUUID(), sku, 1))
                            .post("/internal/reservations").statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertThat(Collections.frequency(codes, 201)).isEqualTo(10);
            assertThat(Collections.frequency(codes, 409)).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stock(sku).getInt("reserved")).isEqualTo(10);
        assertThat(stock(sku).getInt("available")).isZero();
    }

    @Test
    void theSameOrderIdRacingWithItselfReservesOnce() throws Exception {
        String sku = product("TWIN", 999, 100);
        UUID order = UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return given().contentType(ContentType.JSON).body(reservation(order, sku, 7))
                            .post("/internal/reservations").statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertThat(Collections.frequency(codes, 201)).isEqualTo(1);
            assertThat(Collections.frequency(codes, 200)).isEqualTo(9);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stock(sku).getInt("reserved")).isEqualTo(7);
    }
}
