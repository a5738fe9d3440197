package dev.cubeshop.cart.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "cubeshop.cart")
public interface CartConfig {
    /** The currency of an empty cart's zero total; a cart with lines has the currency of its lines. */
    @WithDefault("EUR")
    String currency();

    Shard shard();

    /**
     * Which shard this process belongs to (the Z-axis): customers are mapped to {@code count} shards by rendezvous
     * hashing (platform's ShardMap), and this process serves only the customers of shard {@code index}. The gateway and
     * the orchestrator use the same map. The default, one shard, is an unpartitioned cart service.
     */
    interface Shard {
        @WithDefault("0")
        int index();

        @WithDefault("1")
        int count();
    }
}
