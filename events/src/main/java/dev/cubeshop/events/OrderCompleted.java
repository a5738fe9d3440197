package dev.cubeshop.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order was paid and its stock committed. Key: orderId. The cart removes the purchased quantities. */
public record OrderCompleted(UUID eventId, Instant occurredAt, int schemaVersion, UUID orderId, String customerId,
        List<OrderLine> lines, Money total) implements DomainEvent {
    public static final String TOPIC = "checkout.order-completed.v1";
    public static final int VERSION = 1;

    public static OrderCompleted of(UUID orderId, String customerId, List<OrderLine> lines, Money total) {
        return new OrderCompleted(UUID.randomUUID(), Instant.now(), VERSION, orderId, customerId, List.copyOf(lines),
                total);
    }
}
