package dev.cubeshop.cart.client;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.stork.Stork;

import dev.cubeshop.platform.warmup.WarmUp;

/**
 * Before a cart replica takes traffic, it resolves inventory's replicas and reads once from each of them through the
 * real client (round robin visits every replica in turn), asking for a sku that cannot exist. A (re)started replica's
 * first product read otherwise pays for creating the client, asking the registry, opening the connection and loading
 * the classes on that path, which on a loaded machine overran {@link Inventory}'s 400 ms per attempt during rolling
 * restarts and failed a customer's "add to cart".
 */
@ApplicationScoped
public class InventoryWarmUp implements WarmUp {
    /** No product can have it ('~' is not allowed in a sku), so the read is a 404 on every replica. */
    public static final String SKU = "~warm-up";

    private final InventoryClient client;

    InventoryWarmUp(@RestClient InventoryClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "inventory client";
    }

    @Override
    public void run() {
        int replicas = Stork.getInstance().getService("inventory").getInstances().await()
                .atMost(Duration.ofSeconds(2)).size();
        WarmUp.readFromEachReplica(replicas, () -> client.product(SKU));
    }
}
