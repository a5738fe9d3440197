package dev.cubeshop.cart;

import static dev.cubeshop.cart.Customers.as;
import static dev.cubeshop.cart.Customers.fresh;
import static dev.cubeshop.cart.Customers.setting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Changes to one cart are serialized by its row lock: concurrent requests cannot break the cart's rules. */
@QuarkusTest
class CartConcurrencyTest {

    @BeforeEach
    void inventoryIsReachable() {
        Customers.awaitInventoryReachable();
    }

    @Test
    void concurrentFirstWritesOfOneCustomerAllLand() throws Exception {
        String alice = fresh("alice");
        List<Integer> statuses = concurrently(12, i -> setting(alice, 1)
                .put("/api/cart/items/bulk-%02d".formatted(i)).statusCode());
        assertThat(statuses).containsOnly(200);
        as(alice).get("/api/cart").then().body("lines.size()", equalTo(12));
    }

    @Test
    void concurrentNewLinesNeverPushACartPastAHundredLines() throws Exception {
        String alice = fresh("alice");
        IntStream.range(0, 95).forEach(i -> setting(alice, 1)
                .put("/api/cart/items/bulk-%03d".formatted(i)).then().statusCode(200));

        List<Integer> statuses = concurrently(16, i -> setting(alice, 1)
                .put("/api/cart/items/bulk-new-%02d".formatted(i)).statusCode());

        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(5);
        as(alice).get("/api/cart").then().body("lines.size()", equalTo(100));
    }

    private static List<Integer> concurrently(int requests, IntRequest request) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(requests)) {
            List<Callable<Integer>> calls = IntStream.range(0, requests)
                    .<Callable<Integer>>mapToObj(i -> () -> request.send(i)).toList();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(calls)) {
                statuses.add(answer.get());
            }
            return statuses;
        }
    }

    @FunctionalInterface
    interface IntRequest {
        int send(int index);
    }
}
