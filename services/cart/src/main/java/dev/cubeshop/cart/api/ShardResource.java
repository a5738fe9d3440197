package dev.cubeshop.cart.api;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.cubeshop.cart.CartService;
import dev.cubeshop.cart.Shard;
import dev.cubeshop.cart.ShardHandoff;

/**
 * Shard operations (adding a shard, see the README): which shard this is, the hand-off of carts it no longer owns, and
 * the receiving end of a hand-off. Service-to-service and operator only: never routed by the gateway.
 */
@Path("/internal/shards")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class ShardResource {
    private final Shard shard;
    private final ShardHandoff handoff;
    private final CartService carts;

    ShardResource(Shard shard, ShardHandoff handoff, CartService carts) {
        this.shard = shard;
        this.handoff = handoff;
        this.carts = carts;
    }

    public record ShardState(int shard, int shards, int foreignCarts) {}

    /** The owners' base URLs by shard index, e.g. {"owners": {"2": "http://127.0.0.1:8086"}}. */
    public record HandoffRequest(@NotNull @NotEmpty Map<Integer, @NotNull URI> owners) {}

    @GET
    public ShardState state() {
        return new ShardState(shard.index(), shard.count(), handoff.foreignCustomers().size());
    }

    @POST
    @Path("/handoff")
    @Consumes(MediaType.APPLICATION_JSON)
    public ShardHandoff.Result handOff(@Valid @NotNull HandoffRequest request) {
        return handoff.handOff(new TreeMap<>(request.owners()));
    }

    @POST
    @Path("/carts")
    @Consumes(MediaType.APPLICATION_JSON)
    public CartView receive(@Valid @NotNull CartTransfer transfer) {
        return carts.adopt(transfer.customerId(), transfer.cartLines(), transfer.updatedAt());
    }
}
