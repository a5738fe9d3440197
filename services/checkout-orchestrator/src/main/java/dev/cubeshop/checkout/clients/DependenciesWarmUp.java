package dev.cubeshop.checkout.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.smallrye.stork.Stork;

import dev.cubeshop.platform.warmup.WarmUp;

/**
 * Before an orchestrator replica takes checkouts, it resolves the replicas of every service the saga calls and reads
 * once from each through the real clients, outside the circuit breakers: a cart that belongs to nobody, the
 * reservation and the payment of an order that does not exist. Cold, the first saga of a (re)started replica paid for
 * creating the clients, asking the registry and connecting, which on a loaded machine is seconds (the cart's
 * {@code InventoryWarmUp} measured 1.2-2.6 s in a rolling restart): more than a cart call's whole 1 s budget.
 */
@ApplicationScoped
class DependenciesWarmUp implements WarmUp {
    /** Not a name the demo identity provider gives out; a snapshot only reads, and a shard answers 200 or 421. */
    static final String CUSTOMER = "~warm-up";
    private static final UUID NO_ORDER = new UUID(0, 0);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, Supplier<Uni<Response>>> reads = new LinkedHashMap<>();

    DependenciesWarmUp(CartClient carts, @RestClient InventoryApi inventory, @RestClient PaymentApi payment) {
        reads.putAll(carts.reads(CUSTOMER));
        reads.put(InventoryClient.NAME, () -> inventory.find(NO_ORDER));
        reads.put(PaymentClient.NAME, () -> payment.find(NO_ORDER));
    }

    @Override
    public String name() {
        return "clients of " + String.join(", ", reads.keySet());
    }

    @Override
    public void run() {
        List<String> unanswered = new ArrayList<>();
        reads.forEach((service, read) -> {
            try {
                int replicas = Stork.getInstance().getService(service).getInstances().await()
                        .atMost(READ_TIMEOUT).size();
                WarmUp.readFromEachReplica(replicas, () -> read.get().await().atMost(READ_TIMEOUT));
            } catch (RuntimeException e) {
                unanswered.add(service + " (" + e + ")");
            }
        });
        if (!unanswered.isEmpty()) {
            throw new IllegalStateException("no replica answered: " + String.join(", ", unanswered));
        }
    }
}
