package dev.cubeshop.cart;

import static dev.cubeshop.cart.Customers.as;
import static dev.cubeshop.cart.Customers.fresh;
import static dev.cubeshop.cart.Customers.setting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Inventory as the cart sees it: balanced across two real HTTP instances by Stork, and when it is gone or hangs, a
 * quick 503 problem and an unchanged cart.
 */
@QuarkusTest
class InventoryFaultsTest {
    private static final String UNAVAILABLE = "https://cubeshop.dev/problems/inventory-unavailable";

    @BeforeEach
    void inventoryIsReachable() {
        Customers.awaitInventoryReachable();
    }

    @AfterEach
    void inventoryIsBackAndTheBreakerClosed() {
        InventoryStandIn.startAll();
        // No other test may meet the breaker open: wait until a real call goes through again.
        Customers.awaitInventoryReachable();
    }

    @Test
    void productReadsAlternateBetweenInventoryReplicas() {
        String alice = fresh("alice");
        int first = InventoryStandIn.served(0);
        int second = InventoryStandIn.served(1);
        for (int i = 1; i <= 10; i++) {
            setting(alice, i).put("/api/cart/items/mug-1").then().statusCode(200);
        }
        int servedByFirst = InventoryStandIn.served(0) - first;
        int servedBySecond = InventoryStandIn.served(1) - second;
        assertThat(servedByFirst + servedBySecond).isEqualTo(10);
        // Round robin: each replica answers half, give or take the probe of another test.
        assertThat(servedByFirst).isBetween(4, 6);
        assertThat(servedBySecond).isBetween(4, 6);
    }

    @Test
    void oneInventoryReplicaDownIsInvisibleToCustomers() {
        String alice = fresh("alice");
        InventoryStandIn.stop(0);
        for (int i = 1; i <= 12; i++) {
            setting(alice, i).put("/api/cart/items/tee-1").then().statusCode(200)
                    .body("lines[0].quantity", equalTo(i));
        }
    }

    @Test
    void withInventoryStoppedSettingALineAnswers503WithinASecondAndChangesNothing() {
        String alice = fresh("alice");
        setting(alice, 2).put("/api/cart/items/mug-1").then().statusCode(200);
        InventoryStandIn.stopAll();

        for (int attempt = 0; attempt < 12; attempt++) {
            long started = System.nanoTime();
            Response answer = setting(alice, 5)
                    .put(attempt % 2 == 0 ? "/api/cart/items/mug-1" : "/api/cart/items/tee-1");
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            answer.then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", equalTo(UNAVAILABLE));
            assertThat(millis).as("answer time of attempt %d", attempt).isLessThan(1_000);
        }
        CartResourceTest.assertUnchanged(alice, "mug-1", 2);
        // Reading and removing do not need inventory.
        as(alice).delete("/api/cart/items/tee-1").then().statusCode(200);
    }

    @Test
    void aHangingInventoryAlsoAnswers503Quickly() {
        String alice = fresh("alice");
        setting(alice, 2).put("/api/cart/items/mug-1").then().statusCode(200);
        long started = System.nanoTime();
        setting(alice, 1).put("/api/cart/items/slow-1").then().statusCode(503)
                .contentType("application/problem+json").body("type", equalTo(UNAVAILABLE));
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        // Two attempts of 400 ms at most; the stand-in would answer after 3 s. A generous bound, not a benchmark.
        assertThat(millis).isLessThan(2_000);
        CartResourceTest.assertUnchanged(alice, "mug-1", 2);
    }
}
