package dev.cubeshop.events;

import java.time.Instant;
import java.util.UUID;

/** Money was taken for an order. Key: orderId. */
public record PaymentCaptured(UUID eventId, Instant occurredAt, int schemaVersion, UUID orderId, Money amount)
        implements
            DomainEvent {
    public static final String TOPIC = "payment.payment-captured.v1";
    public static final int VERSION = 1;

    public static PaymentCaptured of(UUID orderId, Money amount) {
        return new PaymentCaptured(UUID.randomUUID(), Instant.now(), VERSION, orderId, amount);
    }
}
