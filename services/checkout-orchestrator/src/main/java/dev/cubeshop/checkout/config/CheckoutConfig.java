package dev.cubeshop.checkout.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "checkout")
public interface CheckoutConfig {
    /** The whole of one checkout request: every downstream call gets at most what is left of it. */
    @WithDefault("5s")
    Duration budget();

    Timeouts timeouts();

    /**
     * The cart shards (the Z-axis) as Stork service names, in shard order: cart-0,cart-1. A customer's shard is looked
     * up with platform's ShardMap, as the gateway and the shards do. One name (the default) is an unpartitioned cart.
     */
    @WithDefault("cart")
    List<String> cartShards();

    Recovery recovery();

    Resilience resilience();

    /** The longest one call to each dependency may take (capped by what is left of the budget). */
    interface Timeouts {
        @WithDefault("1s")
        Duration cart();

        @WithDefault("1500ms")
        Duration inventory();

        @WithDefault("2500ms")
        Duration payment();
    }

    interface Recovery {
        /**
         * How long a saga may stay in flight before any replica's recovery job takes it over. Must be well above the
         * request budget, so that recovery never races a live request.
         */
        @WithDefault("30s")
        Duration deadline();

        /** How often every replica looks for sagas past their deadline. */
        @WithDefault("5s")
        Duration interval();

        /** Sagas one replica takes over per run. */
        @WithDefault("20")
        int batchSize();

        /** The budget for finishing or compensating one saga in recovery. */
        @WithDefault("10s")
        Duration budget();
    }

    /** One circuit breaker per dependency; retries only for calls that are idempotent. */
    interface Resilience {
        /** Calls in the rolling window before the breaker judges the failure ratio. */
        @WithDefault("10")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker rejects calls before it lets a trial call through. */
        @WithDefault("5s")
        Duration openFor();

        /** Extra attempts for idempotent calls (never for the charge). */
        @WithDefault("2")
        int retries();

        @WithDefault("100ms")
        Duration retryDelay();
    }
}
