package dev.cubeshop.checkout.api;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.cubeshop.checkout.OrderViews;

/** The caller's orders, aggregated with their payment state. */
@Path("/api/orders")
@RolesAllowed("customer")
public class OrderResource {
    private final OrderViews views;
    private final JsonWebToken caller;

    OrderResource(OrderViews views, JsonWebToken caller) {
        this.views = views;
        this.caller = caller;
    }

    static URI location(UUID orderId) {
        return URI.create("/api/orders/" + orderId);
    }

    /**
     * Numbers arrive as text so that "page=abc" is a 400 naming the parameter, not a bare 404 (as in inventory's
     * catalog). Five digits of page and at most 100 per page keep the row offset (page × size) far inside an int.
     */
    @GET
    public OrderPage list(
            @QueryParam("page") @DefaultValue("0") @Pattern(regexp = "\\d{1,5}", message = "must be a whole number from 0 to 99999") String page,
            @QueryParam("size") @DefaultValue("20") @Pattern(regexp = "0*([1-9]\\d?|100)", message = "must be a whole number from 1 to 100") String size) {
        return views.page(caller.getSubject(), Integer.parseInt(page), Integer.parseInt(size));
    }

    @GET
    @Path("/{id}")
    public OrderView get(@PathParam("id") UUID id) {
        return views.one(caller.getSubject(), id);
    }
}
