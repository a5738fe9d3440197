package dev.cubeshop.checkout.clients;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * The cart service's internal API; the replicas of each shard are found and balanced by Stork ({@code stork://cart-0}).
 * Built per shard by {@link CartClient}.
 */
@Path("/internal/carts")
public interface CartApi {
    @GET
    @Path("/{customerId}")
    Uni<Response> snapshot(@PathParam("customerId") String customerId);
}
