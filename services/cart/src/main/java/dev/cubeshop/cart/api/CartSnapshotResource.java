package dev.cubeshop.cart.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.cubeshop.cart.CartService;

/**
 * A customer's cart for the checkout orchestrator. Service-to-service: never routed by the gateway, so it asks for no
 * customer token (see the README's trust boundary).
 */
@Path("/internal/carts")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class CartSnapshotResource {
    private final CartService carts;

    CartSnapshotResource(CartService carts) {
        this.carts = carts;
    }

    @GET
    @Path("/{customerId}")
    public CartView snapshot(@PathParam("customerId") String customerId) {
        return carts.view(customerId);
    }
}
