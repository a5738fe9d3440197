package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/** A customer's journeys through the gateway, with the system's own data checked after each. */
@Order(1)
class JourneyIT extends SystemTest {
    /** The cart is emptied by the OrderCompleted event within this bound. */
    static final Duration CART_EMPTIED_WITHIN = Duration.ofSeconds(15);

    @Test
    void browseFillCheckOutSeeTheOrderAndTheCartEmptiedByTheEvent() {
        Run run = run();
        String sku = run.product(1_250, 10);
        String other = run.product(399, 10);
        Session customer = run.customer();

        Answer page = run.shop.products("q=" + sku.substring(0, 8) + "&size=50");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("items").findValuesAsText("sku")).contains(sku, other);
        assertThat(run.shop.product(sku).json().path("available").asInt()).isEqualTo(10);

        assertThat(run.shop.setQuantity(customer, sku, 2).status()).isEqualTo(200);
        assertThat(run.shop.setQuantity(customer, other, 1).status()).isEqualTo(200);
        Answer cart = run.shop.cart(customer);
        assertThat(cart.json().path("total").path("amountMinor").asLong()).isEqualTo(2 * 1_250 + 399);

        Answer checkout = run.shop.checkout(customer, UUID.randomUUID(), TOKEN_OK);
        assertThat(checkout.status()).as(checkout.toString()).isEqualTo(201);
        String orderId = checkout.json().path("id").asText();

        Answer order = run.shop.order(customer, orderId);
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.json().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(order.json().path("payment").path("status").asText()).isEqualTo("CAPTURED");
        assertThat(order.json().path("total").path("amountMinor").asLong()).isEqualTo(2 * 1_250 + 399);
        assertThat(order.json().path("lines").findValuesAsText("name")).contains("System test product " + sku);
        assertThat(run.shop.orders(customer).json().path("items").findValuesAsText("id")).contains(orderId);

        awaitEmptyCart(customer);
        assertThat(run.shop.product(sku).json().path("available").asInt()).isEqualTo(8);
    }

    @Test
    void aDeclinedCardHoldsNoStockAndTakesNoMoney() {
        Run run = run();
        String sku = run.product(2_000, 3);
        Session customer = run.customer();
        run.shop.setQuantity(customer, sku, 3);

        for (String token : List.of("tok_declined", "tok_insufficient_funds")) {
            Answer declined = run.shop.checkout(customer, UUID.randomUUID(), token);
            assertThat(declined.status()).as(declined.toString()).isEqualTo(402);
            assertThat(declined.isProblem()).isTrue();
            assertThat(declined.problemKind()).isEqualTo("payment-declined");
            Answer order = run.shop.order(customer, declined.json().path("orderId").asText());
            assertThat(order.json().path("status").asText()).isEqualTo("PAYMENT_DECLINED");
        }
        assertThat(run.shop.product(sku).json().path("available").asInt()).as("stock released").isEqualTo(3);
        assertThat(run.cartLines(customer)).as("the cart stays").isEqualTo(1);
    }

    @Test
    void missingStockNamesTheSkusAndChargesNothing() {
        Run run = run();
        String scarce = run.product(500, 1);
        String plenty = run.product(700, 50);
        Session customer = run.customer();
        run.shop.setQuantity(customer, scarce, 2);
        run.shop.setQuantity(customer, plenty, 1);

        Answer rejected = run.shop.checkout(customer, UUID.randomUUID(), TOKEN_OK);
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(409);
        assertThat(rejected.isProblem()).isTrue();
        assertThat(rejected.problemKind()).isEqualTo("insufficient-stock");
        assertThat(rejected.json().path("unavailable").findValuesAsText("sku")).containsExactly(scarce);
        Answer order = run.shop.order(customer, rejected.json().path("orderId").asText());
        assertThat(order.json().path("payment").path("status").asText()).isEqualTo("NONE");
        assertThat(run.shop.product(plenty).json().path("available").asInt()).isEqualTo(50);

        Answer empty = run.shop.checkout(run.customer(), UUID.randomUUID(), TOKEN_OK);
        assertThat(empty.status()).isEqualTo(409);
        assertThat(empty.problemKind()).isEqualTo("cart-empty");
    }

    @Test
    void theSameIdempotencyKeyInSequenceAndTenAtOnceMakesOneOrderAndOneCharge() throws Exception {
        Run run = run();
        String sku = run.product(1_000, 20);

        Session sequential = run.customer();
        run.shop.setQuantity(sequential, sku, 1);
        UUID key = UUID.randomUUID();
        Answer first = run.shop.checkout(sequential, key, TOKEN_OK);
        Answer again = run.shop.checkout(sequential, key, TOKEN_OK);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isIn(200, 201);
        assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());

        Session concurrent = run.customer();
        run.shop.setQuantity(concurrent, sku, 2);
        UUID sharedKey = UUID.randomUUID();
        List<Answer> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            List<Callable<Answer>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(() -> run.shop.checkout(concurrent, sharedKey, TOKEN_OK));
            }
            for (Future<Answer> answer : pool.invokeAll(calls)) {
                answers.add(answer.get());
            }
        }
        Set<String> orderIds = answers.stream().map(a -> a.json().path("id").asText(a.json().path("orderId")
                .asText())).collect(Collectors.toSet());
        assertThat(orderIds).as("answers %s", answers).hasSize(1);
        // Every answer is the order, completed or (for a racer that came while it was settling) still in flight.
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isIn(200, 201, 202));
        awaitTerminal(concurrent, orderIds.iterator().next());
        assertThat(run.shop.orders(concurrent).json().path("items").size()).isEqualTo(1);
        // One charge, stock committed once: the invariant check after this test verifies it in the databases.
        awaitEmptyCart(concurrent);
        assertThat(run.shop.product(sku).json().path("available").asInt()).isEqualTo(20 - 1 - 2);
    }

    @Test
    void aSlowPaymentEndsCompletedWithOneChargeOrFailedWithNoNetCharge() {
        Run run = run();
        String sku = run.product(4_200, 5);
        Session customer = run.customer();
        run.shop.setQuantity(customer, sku, 1);

        Answer slow = run.shop.checkout(customer, UUID.randomUUID(), "tok_slow");
        assertThat(slow.status()).as(slow.toString()).isIn(201, 202, 503);
        String orderId = slow.json().path("id").asText(slow.json().path("orderId").asText());
        JsonNode order = awaitTerminal(customer, orderId);
        assertThat(order.path("status").asText()).isIn("COMPLETED", "FAILED");
        if (order.path("status").asText().equals("COMPLETED")) {
            awaitEmptyCart(customer);
        }
    }

    @Test
    void theNewcomersWalkThroughRunsEndToEnd() {
        // ./cubeshop demo logs in, browses, fills a cart, checks out and waits for the event to empty the cart; it
        // exits non-zero on any unexpected answer. Its customer is not one of the run's, so the checker ignores it.
        String printed = run().stack.demo("demo-" + run().id);
        assertThat(printed).contains("POST /api/checkout").contains("Done: browsed, filled the cart, checked out");
    }

    static void awaitEmptyCart(Session customer) {
        long end = System.nanoTime() + CART_EMPTIED_WITHIN.toNanos();
        Answer cart = run().shop.cart(customer);
        // Only a cart read (200) that shows no lines counts: an error answer has no lines either.
        while ((cart.status() != 200 || cart.json().path("lines").size() > 0) && System.nanoTime() < end) {
            sleep(Duration.ofMillis(200));
            cart = run().shop.cart(customer);
        }
        assertThat(cart.status()).as("cart of %s: %s", customer.user(), cart).isEqualTo(200);
        assertThat(cart.json().path("lines").size()).as("cart of %s after %s: %s", customer.user(),
                CART_EMPTIED_WITHIN, cart).isZero();
    }

    static JsonNode awaitTerminal(Session customer, String orderId) {
        long end = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
        JsonNode order = run().shop.order(customer, orderId).json();
        while (Set.of("PENDING", "RESERVED", "PAID").contains(order.path("status").asText())
                && System.nanoTime() < end) {
            sleep(Duration.ofMillis(500));
            order = run().shop.order(customer, orderId).json();
        }
        assertThat(order.path("status").asText()).as("order %s", orderId)
                .isIn("COMPLETED", "REJECTED", "PAYMENT_DECLINED", "FAILED");
        return order;
    }
}
