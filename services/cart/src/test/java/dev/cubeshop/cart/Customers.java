package dev.cubeshop.cart;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.cubeshop.testing.TestTokens;

/** Test customers: a fresh name per test (the database outlives test runs) and requests with their token. */
final class Customers {
    private Customers() {}

    static String fresh(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Waits until the application reaches inventory: its first calls (a cold REST client) may time out, and a fault
     * test before may have left the circuit breaker open.
     */
    static void awaitInventoryReachable() {
        String probe = fresh("probe");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> setting(probe, 1).put("/api/cart/items/cap-1").then().statusCode(200));
    }

    static RequestSpecification as(String customer) {
        return given().auth().oauth2(TestTokens.customer(customer));
    }

    static RequestSpecification setting(String customer, int quantity) {
        return as(customer).contentType(ContentType.JSON).body("{\"quantity\": " + quantity + "}");
    }
}
