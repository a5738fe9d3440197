package dev.cubeshop.checkout.api;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.cubeshop.checkout.CheckoutSaga;
import dev.cubeshop.checkout.InvalidIdempotencyKeyException;
import dev.cubeshop.checkout.OrderNotCompletedException;
import dev.cubeshop.checkout.OrderStatus;

/** {@code completeCheckout()}: the caller's cart becomes an order, paid and committed, or nothing at all. */
@Path("/api/checkout")
@RolesAllowed("customer")
public class CheckoutResource {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final CheckoutSaga saga;
    private final JsonWebToken caller;

    CheckoutResource(CheckoutSaga saga, JsonWebToken caller) {
        this.saga = saga;
        this.caller = caller;
    }

    /**
     * 201 with the order when completed; 202 with a Location to poll while the outcome is being settled; otherwise the
     * problem that ended it (402, 409, 422, 503). A repeated key gets the same answer.
     */
    @POST
    public Response checkout(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Valid @NotNull CheckoutRequest request) {
        CheckoutSaga.Result result = saga.checkout(caller.getSubject(), parse(idempotencyKey),
                request.paymentToken());
        OrderView order = result.order();
        URI location = OrderResource.location(order.id());
        if (order.status() == OrderStatus.COMPLETED) {
            return Response.created(location).entity(order).build();
        }
        if (!order.status().terminal()) {
            return Response.accepted(order).location(location).build();
        }
        throw new OrderNotCompletedException(order, result.failure());
    }

    private static UUID parse(String key) {
        if (key == null || key.isBlank()) {
            throw new InvalidIdempotencyKeyException(true);
        }
        try {
            UUID uuid = UUID.fromString(key.strip());
            // UUID.fromString accepts short forms like "1-2-3-4-5"; only the canonical 36-character form is a key.
            if (!uuid.toString().equalsIgnoreCase(key.strip())) {
                throw new InvalidIdempotencyKeyException(false);
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw new InvalidIdempotencyKeyException(false);
        }
    }
}
