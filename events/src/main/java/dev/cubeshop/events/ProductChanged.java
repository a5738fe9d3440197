package dev.cubeshop.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A product's description changed (name, description, price or whether it is sold). Key: sku. The gateway drops its
 * cached views of that product, so a new price is not served stale until the cache's TTL.
 */
public record ProductChanged(UUID eventId, Instant occurredAt, int schemaVersion, String sku, String name,
        Money price, boolean active) implements DomainEvent {
    public static final String TOPIC = "inventory.product-changed.v1";
    public static final int VERSION = 1;

    public static ProductChanged of(String sku, String name, Money price, boolean active) {
        return new ProductChanged(UUID.randomUUID(), Instant.now(), VERSION, sku, name, price, active);
    }
}
