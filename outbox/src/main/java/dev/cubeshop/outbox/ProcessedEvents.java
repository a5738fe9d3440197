package dev.cubeshop.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * The idempotent-consumer half of at-least-once delivery: a consumer records the event id in the same transaction as
 * its effect. A second delivery finds the id and must do nothing.
 */
@ApplicationScoped
public class ProcessedEvents {
    private final EntityManager entityManager;

    ProcessedEvents(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records that {@code consumer} handles {@code eventId} now. True the first time; false for a duplicate. Decided
     * by the primary key, so two replicas receiving the same event concurrently cannot both see "first time": the
     * second insert waits for the first transaction and then finds the row.
     */
    @Transactional(TxType.MANDATORY)
    public boolean firstTime(UUID eventId, String consumer) {
        return entityManager.createNativeQuery("""
                insert into processed_event (consumer, event_id) values (:consumer, :eventId)
                on conflict do nothing
                """)
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate() == 1;
    }
}
