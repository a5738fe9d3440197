package dev.cubeshop.checkout.api;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

    @GET
    public OrderPage list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return views.page(caller.getSubject(), page, size);
    }

    @GET
    @Path("/{id}")
    public OrderView get(@PathParam("id") UUID id) {
        return views.one(caller.getSubject(), id);
    }
}
