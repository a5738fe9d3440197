package dev.cubeshop.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cubeshop.events.DomainEvent;

/**
 * Appends an event to the service's {@code outbox} table in the caller's transaction, so that the event exists if and
 * only if the business change committed. {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class Outbox {
    private final EntityManager entityManager;
    private final ObjectMapper json;

    Outbox(EntityManager entityManager, ObjectMapper json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    /** Must run inside the business transaction: an event without its state change (or the reverse) is a bug. */
    @Transactional(TxType.MANDATORY)
    public void append(String topic, String key, DomainEvent event) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event cannot be serialised: " + event.getClass().getSimpleName(), e);
        }
        entityManager.createNativeQuery("""
                insert into outbox (event_id, topic, message_key, event_type, payload)
                values (:eventId, :topic, :key, :type, cast(:payload as jsonb))
                """)
                .setParameter("eventId", event.eventId())
                .setParameter("topic", topic)
                .setParameter("key", key)
                .setParameter("type", event.getClass().getSimpleName())
                .setParameter("payload", payload)
                .executeUpdate();
    }
}
