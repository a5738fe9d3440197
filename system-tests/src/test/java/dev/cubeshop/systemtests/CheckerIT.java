package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/** The invariant checker can fail: real states that break an invariant are reported, naming it. */
@Order(2)
class CheckerIT extends SystemTest {

    @Test
    void stockThatDoesNotAddUpIsReported() {
        Run run = run();
        String sku = run.product(100, 7);
        // The checker is told the product started with one unit more than it did: units went missing.
        InvariantChecker.Report report = run.checker.check(new InvariantChecker.Scope(run.customerPrefix(),
                Map.of(sku, 8), RECOVERY_DEADLINE));
        assertThat(report.violations()).anySatisfy(v -> assertThat(v).startsWith("I1 " + sku + ":"));
    }

    @Test
    void aPurchasedLineStillInTheCartIsReported() {
        Run run = run();
        String sku = run.product(250, 5);
        Session customer = run.customer();
        run.shop.setQuantity(customer, sku, 1);
        Answer order = run.shop.checkout(customer, UUID.randomUUID(), TOKEN_OK);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        JourneyIT.awaitEmptyCart(customer);

        // The run's customers never refill after checking out; one that does shows up as invariant 6.
        assertThat(run.shop.setQuantity(customer, sku, 1).status()).isEqualTo(200);
        assertThat(run.check().violations()).anySatisfy(v -> assertThat(v).startsWith("I6 ")
                .contains(customer.user()).contains(sku));

        run.shop.send("DELETE", "/api/cart/items/" + sku, customer, null, Map.of());
        assertThat(run.check().violations()).noneSatisfy(v -> assertThat(v).startsWith("I6 "));
    }
}
