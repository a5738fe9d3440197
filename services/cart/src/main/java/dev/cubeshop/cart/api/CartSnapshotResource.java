package dev.cubeshop.cart.api;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Pattern;
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
    /** Token subjects are printable; PostgreSQL could not even compare a NUL byte with a stored id. */
    static final String CUSTOMER_ID = "[^\\p{Cntrl}]{1,200}";

    private final CartService carts;

    CartSnapshotResource(CartService carts) {
        this.carts = carts;
    }

    @GET
    @Path("/{customerId}")
    public CartView snapshot(
            @PathParam("customerId") @Pattern(regexp = CUSTOMER_ID, message = "must be 1-200 characters, none of them a control character") String customerId) {
        return carts.view(customerId);
    }
}
