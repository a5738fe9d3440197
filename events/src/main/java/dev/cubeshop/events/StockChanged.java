package dev.cubeshop.events;

import java.time.Instant;
import java.util.UUID;

/** A product's availability changed. Key: sku. The gateway drops its cached views of that product. */
public record StockChanged(UUID eventId, Instant occurredAt, int schemaVersion, String sku, int onHand, int reserved,
        int available) implements DomainEvent {
    public static final String TOPIC = "inventory.stock-changed.v1";
    public static final int VERSION = 1;

    public static StockChanged of(String sku, int onHand, int reserved) {
        return new StockChanged(UUID.randomUUID(), Instant.now(), VERSION, sku, onHand, reserved, onHand - reserved);
    }
}
