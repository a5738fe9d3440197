package dev.cubeshop.events;

import java.time.Instant;
import java.util.UUID;

/** Money taken for an order was given back. Key: orderId. */
public record PaymentRefunded(UUID eventId, Instant occurredAt, int schemaVersion, UUID orderId, Money amount)
        implements
            DomainEvent {
    public static final String TOPIC = "payment.payment-refunded.v1";
    public static final int VERSION = 1;

    public static PaymentRefunded of(UUID orderId, Money amount) {
        return new PaymentRefunded(UUID.randomUUID(), Instant.now(), VERSION, orderId, amount);
    }
}
