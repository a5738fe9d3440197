package dev.cubeshop.events;

import java.time.Instant;
import java.util.UUID;

/** What every event carries: a unique id (consumers deduplicate on it), when the fact happened, and its version. */
public interface DomainEvent {
    UUID eventId();

    Instant occurredAt();

    int schemaVersion();
}
