package dev.cubeshop.outbox;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

import dev.cubeshop.events.DomainEvent;

/**
 * Appends an event to the service's {@code outbox} table in the caller's transaction, so that the event exists if and
 * only if the business change committed. {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class Outbox {
    /** The W3C trace context header, on the Kafka record as on HTTP. */
    public static final String TRACEPARENT = "traceparent";

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
                insert into outbox (event_id, topic, message_key, event_type, payload, traceparent)
                values (:eventId, :topic, :key, :type, cast(:payload as jsonb), :traceparent)
                """)
                .setParameter("eventId", event.eventId())
                .setParameter("topic", topic)
                .setParameter("key", key)
                .setParameter("type", event.getClass().getSimpleName())
                .setParameter("payload", payload)
                .setParameter("traceparent", traceparent())
                .executeUpdate();
    }

    /** The current trace context as a W3C traceparent, or null outside any trace. */
    static String traceparent() {
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }
}
