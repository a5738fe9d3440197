package dev.cubeshop.payment.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payment")
public interface PaymentConfig {
    /** How long a repeated charge waits for the first request's outcome before it answers PENDING (202). */
    @WithDefault("10s")
    Duration settleWait();

    Recovery recovery();

    Sandbox sandbox();

    interface Recovery {
        /**
         * Age after which a PENDING payment counts as abandoned (its process died during the provider call). Must be
         * longer than the slowest provider answer, or a live call would be overtaken.
         */
        @WithDefault("2m")
        Duration staleAfter();

        /** How often every replica runs the recovery job (read by its {@code @Scheduled} expression). */
        @WithDefault("30s")
        String every();
    }

    interface Sandbox {
        /** How long {@code tok_slow} takes to answer. */
        @WithDefault("5s")
        Duration slowDelay();
    }
}
