package dev.cubeshop.outbox;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * The outbox's and the consumers' meters (Prometheus: {@code cubeshop_outbox_*}, {@code cubeshop_consumer_*}). Tags
 * are names fixed in the code (consumer, channel), never ids.
 *
 * <p>
 * The backlog gauges read a value refreshed every {@code cubeshop.outbox.metrics-interval} (5 s) by a scheduled
 * query, not by the scrape: a scrape never waits for the database, and a scrape a second costs no query a second.
 * While the database cannot answer the gauges are NaN (a gap in the graph), not a stale number that looks fine.
 */
@Startup
@ApplicationScoped
public class OutboxMetrics {
    static final String BACKLOG = "cubeshop.outbox.backlog";
    static final String OLDEST_AGE = "cubeshop.outbox.oldest.age";
    static final String APPLIED = "cubeshop.consumer.events.applied";
    static final String DUPLICATES = "cubeshop.consumer.duplicates.skipped";
    static final String RETRIES = "cubeshop.consumer.retries";
    static final String DEAD_LETTERED = "cubeshop.consumer.dead.lettered";

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);

    private final OutboxRelay relay;
    private volatile double pending = Double.NaN;
    private volatile double oldestAgeSeconds = Double.NaN;
    private volatile boolean stopping;

    OutboxMetrics(OutboxRelay relay, MeterRegistry registry) {
        this.relay = relay;
        Gauge.builder(BACKLOG, this, metrics -> metrics.pending).strongReference(true)
                .description("Outbox rows not yet published to Kafka (refreshed every few seconds)")
                .register(registry);
        Gauge.builder(OLDEST_AGE, this, metrics -> metrics.oldestAgeSeconds).strongReference(true)
                .baseUnit("seconds")
                .description("Age of the oldest outbox row not yet published; 0 when none is pending")
                .register(registry);
    }

    @Scheduled(every = "${cubeshop.outbox.metrics-interval:5s}", delay = 1, delayUnit = TimeUnit.SECONDS, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (stopping) {
            return;
        }
        try {
            OutboxRelay.Backlog backlog = relay.backlog();
            pending = backlog.pending();
            oldestAgeSeconds = backlog.oldestAgeSeconds();
        } catch (RuntimeException e) {
            LOG.debugf(e, "Outbox backlog unknown");
            pending = Double.NaN;
            oldestAgeSeconds = Double.NaN;
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    static Counter applied(MeterRegistry registry, String consumer) {
        return Counter.builder(APPLIED).tag("consumer", consumer)
                .description("Events whose effect was applied for the first time (committed)").register(registry);
    }

    static Counter duplicates(MeterRegistry registry, String consumer) {
        return Counter.builder(DUPLICATES).tag("consumer", consumer)
                .description("Events skipped because this consumer had processed their event id before")
                .register(registry);
    }

    static Counter retries(MeterRegistry registry, String consumer) {
        return Counter.builder(RETRIES).tag("consumer", consumer)
                .description("Failed attempts at applying an event that are retried (not poison)").register(registry);
    }

    static Counter deadLettered(MeterRegistry registry, String channel) {
        return Counter.builder(DEAD_LETTERED).tag("channel", channel)
                .description("Poison messages written to the channel's dead-letter topic").register(registry);
    }
}
