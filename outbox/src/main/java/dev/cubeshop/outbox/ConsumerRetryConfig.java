package dev.cubeshop.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How {@link ConsumerRetry} waits between attempts: exponential backoff from the first delay up to the cap. */
@ConfigMapping(prefix = "cubeshop.consumer-retry")
public interface ConsumerRetryConfig {
    /** The wait after the first failed attempt; it doubles after each further one. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /**
     * The longest wait between two attempts. Short enough that a consumer is back within seconds of its dependency,
     * long enough not to hammer a database that is starting again.
     */
    @WithDefault("5s")
    Duration maxBackoff();
}
