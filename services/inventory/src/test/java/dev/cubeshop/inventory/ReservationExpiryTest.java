package dev.cubeshop.inventory;

import static dev.cubeshop.inventory.Fixtures.product;
import static dev.cubeshop.inventory.Fixtures.reservation;
import static dev.cubeshop.inventory.Fixtures.stock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

@QuarkusTest
@TestProfile(ReservationExpiryTest.ShortLived.class)
class ReservationExpiryTest {
    public static class ShortLived implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("inventory.reservation.ttl", "2s", "inventory.reservation.expiry-interval", "1s");
        }
    }

    @Test
    void theJobReleasesAnExpiredReservationAndCommittingItAfterwardsFails() {
        String sku = product("EXPIRE", 900, 10);
        UUID order = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(reservation(order, sku, 4)).post("/internal/reservations").then()
                .statusCode(201);
        assertThat(stock(sku).getInt("reserved")).isEqualTo(4);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/internal/reservations/{id}", order).then().body("status", equalTo("EXPIRED")));
        assertThat(stock(sku).getInt("reserved")).isZero();
        assertThat(stock(sku).getInt("onHand")).isEqualTo(10);

        given().post("/internal/reservations/{id}/commit", order).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://cubeshop.dev/problems/reservation-not-committable"))
                .body("status", equalTo("EXPIRED"));
        // Releasing an expired reservation is harmless: nothing is held, nothing changes.
        given().post("/internal/reservations/{id}/release", order).then().statusCode(200)
                .body("status", equalTo("EXPIRED"));
        assertThat(stock(sku).getInt("reserved")).isZero();
        assertThat(stock(sku).getInt("onHand")).isEqualTo(10);
    }

    @Test
    void aReservationCommittedInTimeIsNotExpired() {
        String sku = product("INTIME", 900, 10);
        UUID order = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(reservation(order, sku, 4)).post("/internal/reservations").then()
                .statusCode(201);
        given().post("/internal/reservations/{id}/commit", order).then().statusCode(200);

        // Well past the expiry and several job runs later, it stays committed.
        String other = product("INTIME", 900, 1);
        UUID later = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(reservation(later, other, 1)).post("/internal/reservations")
                .then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/internal/reservations/{id}", later).then().body("status", equalTo("EXPIRED")));

        given().get("/internal/reservations/{id}", order).then().body("status", equalTo("COMMITTED"));
        assertThat(stock(sku).getInt("onHand")).isEqualTo(6);
        assertThat(stock(sku).getInt("reserved")).isZero();
    }
}
