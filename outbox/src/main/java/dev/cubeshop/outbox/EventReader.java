package dev.cubeshop.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cubeshop.events.DomainEvent;

/**
 * The consumer side of an event contract: parses a message received as text, so that a malformed one is a
 * {@link PoisonMessageException} (nack, dead-letter topic) instead of a deserialisation failure that stops the
 * channel. Checks what every event must carry; the consumer checks the fields it uses.
 */
@ApplicationScoped
public class EventReader {
    private final ObjectMapper json;

    EventReader(ObjectMapper json) {
        this.json = json;
    }

    public <T extends DomainEvent> T read(String message, Class<T> type, int schemaVersion) {
        String name = type.getSimpleName();
        if (message == null || message.isBlank()) {
            throw new PoisonMessageException(name + ": empty message");
        }
        T event;
        try {
            event = json.readValue(message, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException(name + " is not readable: " + e.getMessage(), e);
        }
        if (event == null || event.eventId() == null) {
            throw new PoisonMessageException(name + " has no eventId");
        }
        if (event.schemaVersion() != schemaVersion) {
            throw new PoisonMessageException(name + " schema version " + event.schemaVersion()
                    + " is not understood (expected " + schemaVersion + ")");
        }
        return event;
    }

    /** For the consumer's own checks of the fields it uses. */
    public static void require(boolean condition, String problem) {
        if (!condition) {
            throw new PoisonMessageException(problem);
        }
    }
}
