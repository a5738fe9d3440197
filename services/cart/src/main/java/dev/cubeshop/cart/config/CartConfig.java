package dev.cubeshop.cart.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "cubeshop.cart")
public interface CartConfig {
    /** The currency of an empty cart's zero total; a cart with lines has the currency of its lines. */
    @WithDefault("EUR")
    String currency();
}
