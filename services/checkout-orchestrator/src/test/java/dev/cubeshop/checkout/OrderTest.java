package dev.cubeshop.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class OrderTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final Instant now = Instant.parse("2026-01-01T10:00:00Z");

    private static Order pending() {
        Order order = new Order();
        order.id = UUID.randomUUID();
        order.customerId = "alice";
        order.status = OrderStatus.PENDING;
        order.requestFingerprint = "f";
        return order;
    }

    private static List<OrderItem> items() {
        return List.of(OrderItem.of("SKU-1", "Cube", 2, 1999, "EUR"));
    }

    @Test
    void theHappyPathMovesStepByStepAndRenewsTheLease() {
        Order order = pending();

        assertThat(order.reserved(items(), 3998, "EUR", now, LEASE)).isTrue();
        assertThat(order.dueAt).isEqualTo(now.plus(LEASE));
        assertThat(order.paid(now, LEASE)).isTrue();
        assertThat(order.paymentStatus).isEqualTo("CAPTURED");
        assertThat(order.completed(now)).isTrue();

        assertThat(order.status).isEqualTo(OrderStatus.COMPLETED);
        assertThat(order.total()).isEqualTo(3998);
    }

    @Test
    void aStepAppliedTwiceDoesNothing() {
        Order order = pending();
        order.reserved(items(), 3998, "EUR", now, LEASE);
        order.paid(now, LEASE);

        assertThat(order.reserved(List.of(), 1, "EUR", now, LEASE)).isFalse();
        assertThat(order.paid(now, LEASE)).isFalse();
        assertThat(order.items).hasSize(1);
        assertThat(order.total()).isEqualTo(3998);
    }

    @Test
    void stepsCannotBeSkipped() {
        Order order = pending();

        assertThat(order.paid(now, LEASE)).isFalse();
        assertThat(order.completed(now)).isFalse();
        assertThat(order.status).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void aTerminalOrderNeverMovesAgain() {
        Order order = pending();
        order.failed(OrderStatus.PAYMENT_DECLINED, Failure.declined("card-declined"), "DECLINED", now);

        assertThat(order.failed(OrderStatus.FAILED, Failure.unavailable("payment"), null, now)).isFalse();
        assertThat(order.reserved(items(), 3998, "EUR", now, LEASE)).isFalse();
        assertThat(order.status).isEqualTo(OrderStatus.PAYMENT_DECLINED);
        assertThat(order.failure.kind()).isEqualTo("payment-declined");
    }

    @Test
    void onlyAnOrderWithNothingReservedCanBeRejected() {
        Order order = pending();
        order.reserved(items(), 3998, "EUR", now, LEASE);

        assertThat(order.failed(OrderStatus.REJECTED, Failure.cartEmpty(), null, now)).isFalse();
        assertThat(order.status).isEqualTo(OrderStatus.RESERVED);
    }

    @Test
    void completedIsNotAFailedOutcome() {
        assertThatThrownBy(() -> pending().failed(OrderStatus.COMPLETED, Failure.cartEmpty(), null, now))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
