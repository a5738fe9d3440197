package dev.cubeshop.outbox;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;

import dev.cubeshop.events.DomainEvent;

/**
 * Applies the effect of a consumed event, each attempt in a transaction of its own, and retries every failure that
 * is not a poison message until the effect is applied: exponential backoff capped at a few seconds
 * ({@link ConsumerRetryConfig}), with no bound on the attempts. A database that is gone for a while, a lock timeout or
 * a replica of a dependency shutting down delays the event; it never sends it to the dead-letter topic. The channel
 * waits meanwhile, which keeps the order of events per key, and nothing behind this event could succeed either.
 *
 * <p>
 * A {@link PoisonMessageException} is thrown on at once (the {@link PoisonOnlyDeadLetterQueue} failure strategy
 * dead-letters it). When the application stops, the wait ends at once with a {@link ConsumerStoppedException}, and so
 * does every later message: none of them is acknowledged, so their offsets are not committed and the replica that
 * takes over the partitions receives them again. The effect must be idempotent (record the event id with
 * {@link ProcessedEvents} in the same transaction), since an attempt may have committed just before its connection
 * broke.
 *
 * <pre>
 * &#64;Incoming("order-failed") &#64;Blocking
 * public void on(String message) {
 *     OrderFailed event = parse(message);                              // poison: thrown at once
 *     retry.untilApplied("inventory.order-failed", event, () -> inventory.orderFailed(event.eventId(), event.orderId()));
 * }
 * </pre>
 */
@ApplicationScoped
public class ConsumerRetry {
    static final String EVENT_ID = "eventId";
    private static final Logger LOG = Logger.getLogger(ConsumerRetry.class);
    /** While an event keeps failing, how often a warning says so (the failures in between are logged at DEBUG). */
    private static final Duration STILL_FAILING_EVERY = Duration.ofSeconds(30);

    private final ConsumerRetryConfig config;
    private final BooleanSupplier transactionActive;
    private final Consumer<Runnable> inNewTransaction;
    private final MeterRegistry registry;
    private final CountDownLatch stopping = new CountDownLatch(1);

    @Inject
    ConsumerRetry(ConsumerRetryConfig config, TransactionSynchronizationRegistry transactions,
            MeterRegistry registry) {
        this(config, () -> transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION,
                effect -> QuarkusTransaction.requiringNew().run(effect), registry);
    }

    ConsumerRetry(ConsumerRetryConfig config, BooleanSupplier transactionActive, Consumer<Runnable> inNewTransaction,
            MeterRegistry registry) {
        this.config = config;
        this.transactionActive = transactionActive;
        this.inNewTransaction = inNewTransaction;
        this.registry = registry;
    }

    /**
     * Runs {@code effect} in a new transaction until it commits. Must be called outside any transaction: inside one,
     * every attempt would share its fate.
     *
     * @param consumer the consumer's name, as recorded in {@code processed_event} (for the logs, and the
     *        {@code consumer} tag of {@code cubeshop_consumer_retries_total}: each failed attempt that is retried)
     * @throws PoisonMessageException when the effect finds the event unusable; never retried
     * @throws ConsumerStoppedException when the application stops before the effect was applied
     * @throws IllegalStateException when called inside a transaction, or interrupted other than by a shutdown
     */
    public void untilApplied(String consumer, DomainEvent event, Runnable effect) {
        if (transactionActive.getAsBoolean()) {
            throw new IllegalStateException(consumer + " retries inside a transaction: each attempt needs its own");
        }
        // Every log line about this event names it (the JSON logs' eventId field, beside the producer's trace id).
        MDC.put(EVENT_ID, String.valueOf(event.eventId()));
        try {
            retryUntilApplied(consumer, event, effect);
        } finally {
            MDC.remove(EVENT_ID);
        }
    }

    private void retryUntilApplied(String consumer, DomainEvent event, Runnable effect) {
        // Registered before the first attempt, so that the series exists (at 0) while nothing fails.
        io.micrometer.core.instrument.Counter retries = OutboxMetrics.retries(registry, consumer);
        long started = System.nanoTime();
        long lastWarning = started;
        Duration backoff = config.initialBackoff();
        for (int attempt = 1;; attempt++) {
            if (stopping()) {
                throw new ConsumerStoppedException(consumer);
            }
            try {
                inNewTransaction.accept(effect);
                if (attempt > 1) {
                    LOG.infof("%s applied %s %s after %d attempts in %d s", consumer, type(event), event.eventId(),
                            attempt, seconds(started));
                }
                return;
            } catch (RuntimeException e) {
                if (PoisonMessageException.isPoison(e)) {
                    throw e;
                }
                retries.increment();
                if (attempt == 1) {
                    LOG.warnf("%s cannot apply %s %s yet (%s); retrying until it succeeds, never dead-lettered",
                            consumer, type(event), event.eventId(), describe(e));
                } else if (System.nanoTime() - lastWarning >= STILL_FAILING_EVERY.toNanos()) {
                    lastWarning = System.nanoTime();
                    LOG.warnf("%s still cannot apply %s %s after %d attempts in %d s (%s)", consumer, type(event),
                            event.eventId(), attempt, seconds(started), describe(e));
                } else {
                    LOG.debugf(e, "%s: attempt %d at %s %s failed", consumer, attempt, type(event), event.eventId());
                }
            }
            try {
                if (stopping.await(jittered(backoff).toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new ConsumerStoppedException(consumer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (stopping()) {
                    throw new ConsumerStoppedException(consumer);
                }
                // Not a shutdown: fail loudly (the failure strategy stops the channel) rather than skip the event.
                throw new IllegalStateException(consumer + " was interrupted while retrying " + type(event) + " "
                        + event.eventId(), e);
            }
            backoff = min(backoff.multipliedBy(2), config.maxBackoff());
        }
    }

    /** Ends every wait: a stopping application applies nothing more, so what it has not acknowledged is redelivered. */
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent shutdown) {
        stop();
    }

    void stop() {
        stopping.countDown();
    }

    private boolean stopping() {
        return stopping.getCount() == 0;
    }

    /** Up to a fifth more, so that replicas failing at the same moment do not retry in step. */
    private static Duration jittered(Duration delay) {
        return delay.plusNanos(ThreadLocalRandom.current().nextLong(delay.toNanos() / 5 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static long seconds(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
    }

    private static String type(DomainEvent event) {
        return event.getClass().getSimpleName();
    }

    /** The failure and its root cause, which usually names what is missing (e.g. "Connection refused"). */
    private static String describe(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getClass().getSimpleName() + " caused by " + root;
    }
}
