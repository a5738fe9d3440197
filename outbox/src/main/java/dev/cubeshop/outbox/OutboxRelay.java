package dev.cubeshop.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes pending outbox rows to Kafka, in id order, keyed by aggregate id, and marks them published in the same
 * transaction that locked them.
 *
 * <p>
 * Every replica runs the relay, but a transaction-scoped advisory lock lets only one publish at a time: that keeps
 * the order of events per key across replicas (two replicas sharing rows with SKIP LOCKED could publish a newer event
 * of an order before an older one). If the publishing replica dies, its lock dies with its connection and another
 * replica takes over on its next tick. A send that fails or times out leaves its row pending for the next tick:
 * delivery is at-least-once, consumers deduplicate by event id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Any constant works; it only has to be the same for every replica of one service (one database each). */
    private static final long RELAY_LOCK = 0x0CB5_0B0BL;

    private final EntityManager entityManager;
    private final OutboxConfig config;
    private final String bootstrapServers;
    private volatile Producer<String, String> producer;
    private volatile boolean failing;
    private volatile boolean stopping;

    OutboxRelay(EntityManager entityManager, OutboxConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> kafkaBootstrapServers) {
        this.entityManager = entityManager;
        this.config = config;
        this.bootstrapServers = config.bootstrapServers().or(() -> kafkaBootstrapServers).orElse("localhost:9092");
    }

    @Scheduled(every = "${cubeshop.outbox.interval:1s}", delay = 1, delayUnit = TimeUnit.SECONDS, concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void tick() {
        if (stopping) {
            return;
        }
        try {
            int published;
            do {
                published = publishBatch();
            } while (published == config.batchSize());
            if (failing) {
                LOG.info("Outbox relay publishes again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (stopping) {
                return;
            }
            if (!failing) {
                LOG.warnf("Outbox relay cannot publish (%s); events stay in the outbox and are retried",
                        e.getMessage());
                failing = true;
            }
        }
    }

    /** One batch in one transaction. Returns how many rows were published (0 when another replica holds the lock). */
    public int publishBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean locked = (Boolean) entityManager.createNativeQuery("select pg_try_advisory_xact_lock(:lock)")
                    .setParameter("lock", RELAY_LOCK).getSingleResult();
            if (!locked) {
                return 0;
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                    select id, topic, message_key, event_type, event_id, cast(payload as text), traceparent
                    from outbox where published_at is null order by id limit :limit
                    """).setParameter("limit", config.batchSize()).getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            long deadline = System.nanoTime() + config.sendTimeout().toNanos();
            // The first record goes alone: when the broker is gone, one bounded wait tells, instead of one per row.
            List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
            sent.add(producer().send(record(rows.get(0))));
            awaitSent(sent.get(0), deadline);
            for (Object[] row : rows.subList(1, rows.size())) {
                sent.add(producer().send(record(row)));
            }
            List<Long> published = new ArrayList<>(rows.size());
            RuntimeException failure = null;
            for (int i = 0; i < rows.size(); i++) {
                try {
                    awaitSent(sent.get(i), deadline);
                    published.add(((Number) rows.get(i)[0]).longValue());
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (!published.isEmpty()) {
                entityManager.createNativeQuery("update outbox set published_at = now() where id in (:ids)")
                        .setParameter("ids", published).executeUpdate();
            }
            if (failure != null && published.isEmpty()) {
                throw failure;
            }
            return published.size();
        });
    }

    /** Rows not yet published, and the age in seconds of the oldest (0 when none): the relay's backlog. */
    public Backlog backlog() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Object[] row = (Object[]) entityManager.createNativeQuery("""
                    select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)
                    from outbox where published_at is null
                    """).getSingleResult();
            return new Backlog(((Number) row[0]).longValue(), ((Number) row[1]).doubleValue());
        });
    }

    public record Backlog(long pending, double oldestAgeSeconds) {}

    private Producer<String, String> producer() {
        Producer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    int timeout = (int) config.sendTimeout().toMillis();
                    Map<String, Object> settings = new HashMap<>();
                    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    settings.put(ProducerConfig.ACKS_CONFIG, "all");
                    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
                    settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
                    settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
                    settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                    settings.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
                    settings.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
                    producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
                }
                current = producer;
            }
        }
        return current;
    }

    private static ProducerRecord<String, String> record(Object[] row) {
        var record = new ProducerRecord<>((String) row[1], (String) row[2], (String) row[5]);
        record.headers().add("event-type", ((String) row[3]).getBytes(StandardCharsets.UTF_8));
        record.headers().add("event-id", row[4].toString().getBytes(StandardCharsets.UTF_8));
        if (row[6] != null) {
            // The writer's trace goes on: the consumers' spans become its children (SmallRye Kafka tracing).
            record.headers().add(Outbox.TRACEPARENT, ((String) row[6]).getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static void awaitSent(Future<RecordMetadata> future, long deadline) {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (Exception e) {
            throw new IllegalStateException(describe(e), e);
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** Stops relaying before the persistence unit closes; what is pending stays for the next replica or start. */
    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }

    /** Skips the scheduled relay when {@code cubeshop.outbox.enabled=false}. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {
        private final OutboxConfig config;

        Disabled(OutboxConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
