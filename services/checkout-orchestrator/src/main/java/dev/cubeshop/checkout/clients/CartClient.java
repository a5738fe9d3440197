package dev.cubeshop.checkout.clients;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

import dev.cubeshop.checkout.Deadline;
import dev.cubeshop.checkout.config.CheckoutConfig;
import dev.cubeshop.platform.sharding.ShardMap;

/**
 * The cart service as the saga needs it: a snapshot of the customer's cart, bounded, retried, behind a breaker. Carts
 * are partitioned by customer (the Z-axis): the customer's shard is looked up with the map the gateway and the shards
 * use, and each shard is its own Stork service ({@code stork://cart-0}, ...) with its own circuit breaker, so a shard
 * that is down fails fast for its customers only.
 */
@ApplicationScoped
public class CartClient {
    private final List<Shard> shards;
    private final ShardMap map;
    private final CheckoutConfig config;

    private record Shard(String name, CartApi api, DependencyGuard guard) {}

    CartClient(CheckoutConfig config) {
        this.config = config;
        this.shards = config.cartShards().stream()
                .map(name -> new Shard(name, QuarkusRestClientBuilder.newBuilder()
                        .baseUri(URI.create("stork://" + name))
                        .connectTimeout(1, TimeUnit.SECONDS)
                        // 4xx/5xx answers are outcomes read by Calls, not exceptions (as for the injected clients).
                        .property("microprofile.rest.client.disable.default.mapper", true)
                        .build(CartApi.class), new DependencyGuard(name, config.resilience())))
                .toList();
        this.map = new ShardMap(shards.size());
    }

    /** For the warm-up: per shard (in shard order), one unguarded read of {@code customerId}'s cart. */
    Map<String, Supplier<Uni<Response>>> reads(String customerId) {
        Map<String, Supplier<Uni<Response>>> reads = new LinkedHashMap<>();
        shards.forEach(shard -> reads.put(shard.name(), () -> shard.api().snapshot(customerId)));
        return reads;
    }

    /** The customer's cart; the cart service answers an empty cart when there is none. */
    public CartView snapshot(String customerId, Deadline deadline) {
        Shard shard = shards.get(map.shardOf(customerId));
        return shard.guard().idempotent(() -> {
            Response response = Calls.await(shard.name(), shard.api().snapshot(customerId), deadline,
                    config.timeouts().cart());
            if (response.getStatus() == 200) {
                return Calls.body(response, CartView.class);
            }
            throw Calls.unexpected(shard.name(), response);
        });
    }
}
