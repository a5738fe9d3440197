package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/** Y-axis fault isolation: one capability completely down leaves the others serving. */
@Order(2)
class FaultIsolationIT extends SystemTest {
    /** The orchestrator's request budget is 5 s; a dependency that is down must not cost more than that. */
    static final Duration FAILS_WITHIN = Duration.ofSeconds(6);

    @Test
    void withPaymentDownBrowsingAndCartsAnswerTheOrderViewDegradesAndCheckoutFailsFastHoldingNothing() {
        Run run = run();
        String sku = run.product(900, 5);
        Session customer = run.customer();
        run.shop.setQuantity(customer, sku, 1);
        Answer before = run.shop.checkout(customer, UUID.randomUUID(), TOKEN_OK);
        assertThat(before.status()).as(before.toString()).isEqualTo(201);
        String completedId = before.json().path("id").asText();
        JourneyIT.awaitEmptyCart(customer);

        Session shopper = run.customer();
        run.stack.killAll("payment");
        try {
            assertThat(run.shop.products("size=5").status()).isEqualTo(200);
            assertThat(run.shop.product(sku).status()).isEqualTo(200);
            assertThat(run.shop.setQuantity(shopper, sku, 2).status()).isEqualTo(200);
            assertThat(run.cartLines(shopper)).isEqualTo(1);

            Answer view = run.shop.order(customer, completedId);
            assertThat(view.status()).as("the order view degrades, it does not fail").isEqualTo(200);
            assertThat(view.json().path("status").asText()).isEqualTo("COMPLETED");
            assertThat(view.json().path("payment").path("status").asText()).isEqualTo("UNKNOWN");

            Answer failed = run.shop.checkout(shopper, UUID.randomUUID(), TOKEN_OK);
            assertThat(failed.took()).as("checkout with payment down answered after %s", failed.took())
                    .isLessThan(FAILS_WITHIN);
            assertThat(failed.status()).as(failed.toString()).isEqualTo(503);
            assertThat(failed.isProblem()).isTrue();
            Answer order = run.shop.order(shopper, failed.json().path("orderId").asText());
            assertThat(order.json().path("status").asText()).isEqualTo("FAILED");
            assertThat(run.shop.product(sku).json().path("available").asInt()).as("nothing held").isEqualTo(4);
            assertThat(run.cartLines(shopper)).as("the cart stays").isEqualTo(1);
        } finally {
            run.restore();
        }
    }
}
