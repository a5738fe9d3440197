package dev.cubeshop.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An order ended without completing (REJECTED, PAYMENT_DECLINED, FAILED). Key: orderId. Inventory and payment
 * double-check that nothing stays reserved or charged for it.
 */
public record OrderFailed(UUID eventId, Instant occurredAt, int schemaVersion, UUID orderId, String customerId,
        String status, String reason) implements DomainEvent {
    public static final String TOPIC = "checkout.order-failed.v1";
    public static final int VERSION = 1;

    public static OrderFailed of(UUID orderId, String customerId, String status, String reason) {
        return new OrderFailed(UUID.randomUUID(), Instant.now(), VERSION, orderId, customerId, status, reason);
    }
}
