package dev.cubeshop.inventory;

import static dev.cubeshop.inventory.Fixtures.product;
import static dev.cubeshop.inventory.Fixtures.reservation;
import static dev.cubeshop.inventory.Fixtures.stock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The expiry job has not run yet, but the reservation is past its expiry: commit refuses and gives the stock back. */
@QuarkusTest
@TestProfile(CommitAfterExpiryTest.JobFarAway.class)
class CommitAfterExpiryTest {
    public static class JobFarAway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("inventory.reservation.ttl", "1s", "inventory.reservation.expiry-interval", "1h");
        }
    }

    @Test
    void committingAReservationPastItsExpiryFailsAndReleasesItsStock() {
        String sku = product("LATE", 900, 10);
        UUID order = UUID.randomUUID();
        Instant expiresAt = Instant.parse(given().contentType(ContentType.JSON).body(reservation(order, sku, 4))
                .post("/internal/reservations").then().statusCode(201).extract().path("expiresAt"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiresAt.plusMillis(200)));
        given().get("/internal/reservations/{id}", order).then().body("status", equalTo("RESERVED"));

        given().post("/internal/reservations/{id}/commit", order).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://cubeshop.dev/problems/reservation-not-committable"))
                .body("status", equalTo("EXPIRED"));

        given().get("/internal/reservations/{id}", order).then().body("status", equalTo("EXPIRED"));
        assertThat(stock(sku).getInt("reserved")).isZero();
        assertThat(stock(sku).getInt("onHand")).isEqualTo(10);
        given().post("/internal/reservations/{id}/commit", order).then().statusCode(409);
        assertThat(stock(sku).getInt("onHand")).isEqualTo(10);
    }
}
