package dev.cubeshop.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The idempotent-consumer half of at-least-once delivery: a consumer records the event id in the same transaction as
 * its effect. A second delivery finds the id and must do nothing.
 */
@ApplicationScoped
public class ProcessedEvents {
    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    private final MeterRegistry registry;

    ProcessedEvents(EntityManager entityManager, TransactionSynchronizationRegistry transactions,
            MeterRegistry registry) {
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.registry = registry;
    }

    /**
     * Records that {@code consumer} handles {@code eventId} now. True the first time; false for a duplicate. Decided
     * by the primary key, so two replicas receiving the same event concurrently cannot both see "first time": the
     * second insert waits for the first transaction and then finds the row.
     *
     * <p>
     * Counts the event as applied ({@code cubeshop_consumer_events_applied_total}) or as a skipped duplicate
     * ({@code cubeshop_consumer_duplicates_skipped_total}) once the transaction commits: an attempt that rolls back
     * and is retried counts once.
     */
    @Transactional(TxType.MANDATORY)
    public boolean firstTime(UUID eventId, String consumer) {
        boolean first = entityManager.createNativeQuery("""
                insert into processed_event (consumer, event_id) values (:consumer, :eventId)
                on conflict do nothing
                """)
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate() == 1;
        // Both registered on the first event, so that the duplicates series exists (at 0) before the first duplicate:
        // a dashboard's rate() and an alert on it see 0, not "no data".
        Counter applied = OutboxMetrics.applied(registry, consumer);
        Counter duplicates = OutboxMetrics.duplicates(registry, consumer);
        AfterCommit.run(transactions, (first ? applied : duplicates)::increment);
        return first;
    }
}
