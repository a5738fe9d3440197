package dev.cubeshop.checkout.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.cubeshop.checkout.Order;
import dev.cubeshop.checkout.OrderStatus;
import dev.cubeshop.events.Money;

/**
 * An order as its customer sees it: the lines as inventory reserved them (with product names), the total, the payment
 * state, and for an order that did not complete, why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(UUID id, OrderStatus status, List<Line> lines, Money total, Payment payment, String reason,
        Instant createdAt, Instant updatedAt) {

    public record Line(String sku, String name, int quantity, Money unitPrice, Money lineTotal) {}

    /**
     * The payment state: the payment service's status (PENDING, CAPTURED, DECLINED, FAILED, REFUNDED), NONE when it
     * holds no payment for the order, UNKNOWN when it could not be asked.
     */
    public record Payment(String status) {
        public static final Payment NONE = new Payment("NONE");
        public static final Payment UNKNOWN = new Payment("UNKNOWN");
    }

    public static OrderView of(Order order, Payment payment) {
        List<Line> lines = order.items.stream()
                .map(item -> new Line(item.sku, item.name, item.quantity,
                        new Money(item.unitPriceMinor, item.currency),
                        new Money(item.unitPriceMinor * item.quantity, item.currency)))
                .toList();
        Money total = order.currency == null ? null : new Money(order.total(), order.currency);
        return new OrderView(order.id, order.status, lines, total, payment,
                order.failure == null ? null : order.failure.kind(), order.createdAt, order.updatedAt);
    }

    /** The payment state as the saga itself last saw it. */
    public static OrderView asLastSeen(Order order) {
        Payment payment;
        if (order.paymentStatus != null) {
            payment = new Payment(order.paymentStatus);
        } else if (order.status == OrderStatus.RESERVED) {
            payment = Payment.UNKNOWN;
        } else {
            payment = Payment.NONE;
        }
        return of(order, payment);
    }
}
