package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/** Crash recovery: a saga whose orchestrator dies mid-flight is finished or compensated by the recovery job. */
@Order(4)
class OrchestratorCrashIT extends SystemTest {

    @Test
    void aSagaInterruptedAfterReservingIsSettledByRecoveryWithinItsDeadline() {
        Run run = run();
        String sku = run.product(3_100, 4);
        Session customer = run.customer();
        run.shop.setQuantity(customer, sku, 2);
        UUID key = UUID.randomUUID();

        // tok_slow keeps the saga waiting on the payment provider, with the stock already reserved.
        CompletableFuture<Answer> checkout = CompletableFuture
                .supplyAsync(() -> run.shop.checkout(customer, key, "tok_slow"));
        String orderId = awaitOrderIn(customer, "RESERVED", Duration.ofSeconds(10));

        // Both replicas die (whichever was running the saga); nobody is left to finish it but recovery.
        run.stack.killAll("checkout-orchestrator");
        Answer interrupted = checkout.join();
        assertThat(interrupted.status()).as(interrupted.toString()).isNotIn(201, 402, 409);
        long restarted = System.nanoTime();
        run.restore();

        JsonNode order = JourneyIT.awaitTerminal(customer, orderId);
        System.out.printf("[system-tests] interrupted saga %s settled as %s %d s after the restart%n", orderId,
                order.path("status").asText(), Duration.ofNanos(System.nanoTime() - restarted).toSeconds());
        assertThat(order.path("status").asText()).isIn("COMPLETED", "FAILED");

        // The client retrying with its key gets the settled outcome of the same order.
        Answer retry = run.shop.checkout(customer, key, "tok_slow");
        String retried = retry.json().path("id").asText(retry.json().path("orderId").asText());
        assertThat(retried).isEqualTo(orderId);
        if (order.path("status").asText().equals("COMPLETED")) {
            assertThat(retry.status()).as(retry.toString()).isIn(200, 201);
        } else {
            assertThat(retry.isProblem()).as(retry.toString()).isTrue();
        }
    }

    private static String awaitOrderIn(Session customer, String status, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode order : run().shop.orders(customer).json().path("items")) {
                if (order.path("status").asText().equals(status)) {
                    return order.path("id").asText();
                }
            }
            sleep(Duration.ofMillis(100));
        }
        throw new AssertionError("no order of " + customer.user() + " reached " + status + " within " + within);
    }
}
