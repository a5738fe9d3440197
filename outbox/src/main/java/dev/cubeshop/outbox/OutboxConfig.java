package dev.cubeshop.outbox;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "cubeshop.outbox")
public interface OutboxConfig {
    /** Whether this replica relays at all. Every replica may: only one publishes at a time (advisory lock). */
    @WithDefault("true")
    boolean enabled();

    /** Kafka for the relay; defaults to {@code kafka.bootstrap.servers}. Tests point it elsewhere to cut the line. */
    Optional<String> bootstrapServers();

    /** How often the relay looks for pending rows (read by the scheduler; 1 s is its finest interval). */
    @WithDefault("1s")
    String interval();

    /** How often {@link OutboxMetrics} reads the backlog for its gauges (read by the scheduler). */
    @WithDefault("5s")
    String metricsInterval();

    /** Rows published per transaction. */
    @WithDefault("200")
    int batchSize();

    /** How long one send may take before the batch is given up and retried on the next tick. */
    @WithDefault("5s")
    Duration sendTimeout();
}
