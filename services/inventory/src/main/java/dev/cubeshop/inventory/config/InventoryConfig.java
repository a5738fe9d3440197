package dev.cubeshop.inventory.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "inventory")
public interface InventoryConfig {
    /** The one currency of the catalog: prices in any other currency are refused. */
    @WithDefault("EUR")
    String currency();

    Reservations reservation();

    Catalog catalog();

    DemoCatalog demoCatalog();

    interface Reservations {
        /** How long a reservation holds stock before the expiry job releases it: a backstop for abandoned sagas. */
        @WithDefault("15m")
        Duration ttl();

        /** How often every replica looks for expired reservations. */
        @WithDefault("10s")
        Duration expiryInterval();

        /** Reservations expired per transaction by the expiry job. */
        @WithDefault("100")
        int expiryBatchSize();
    }

    interface Catalog {
        /** Largest page a client may ask for. */
        @WithDefault("100")
        int maxPageSize();

        /** Deepest row a page may reach (page × size + size): offsets stay bounded, so every page stays cheap. */
        @WithDefault("10000")
        int maxDepth();
    }

    interface DemoCatalog {
        /** Loads the demo products at start-up when they are missing (local stack and dev mode). */
        @WithDefault("false")
        boolean enabled();
    }
}
