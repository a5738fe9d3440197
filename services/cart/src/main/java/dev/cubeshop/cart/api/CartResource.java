package dev.cubeshop.cart.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.cubeshop.cart.CartService;

/** The caller's own cart. The customer is the token's subject; no path or body can name another customer. */
@Path("/api/cart")
@RolesAllowed("customer")
@Produces(MediaType.APPLICATION_JSON)
public class CartResource {
    static final String SKU = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    static final String SKU_MESSAGE = "must be 1-64 letters, digits, '.', '_' or '-'";

    private final CartService carts;
    private final JsonWebToken token;

    CartResource(CartService carts, JsonWebToken token) {
        this.carts = carts;
        this.token = token;
    }

    @GET
    public CartView cart() {
        return carts.view(token.getSubject());
    }

    @PUT
    @Path("/items/{sku}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CartView setQuantity(@PathParam("sku") @Pattern(regexp = SKU, message = SKU_MESSAGE) String sku,
            @Valid @NotNull SetQuantityRequest request) {
        return carts.setQuantity(token.getSubject(), sku, request.quantity());
    }

    @DELETE
    @Path("/items/{sku}")
    public CartView remove(@PathParam("sku") @Pattern(regexp = SKU, message = SKU_MESSAGE) String sku) {
        return carts.remove(token.getSubject(), sku);
    }
}
