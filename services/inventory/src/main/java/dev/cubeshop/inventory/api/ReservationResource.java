package dev.cubeshop.inventory.api;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestResponse;

import dev.cubeshop.inventory.InventoryService;

/** Reservations for the checkout orchestrator (service to service; the gateway never routes /internal). */
@Path("/internal/reservations")
public class ReservationResource {
    private final InventoryService inventory;

    ReservationResource(InventoryService inventory) {
        this.inventory = inventory;
    }

    @POST
    public RestResponse<ReservationView> reserve(@Valid @NotNull ReserveRequest request) {
        InventoryService.Reserved reserved = inventory.reserve(request.orderId(), request.quantities());
        return RestResponse.status(reserved.created() ? Status.CREATED : Status.OK, reserved.reservation());
    }

    @GET
    @Path("/{orderId}")
    public ReservationView reservation(@PathParam("orderId") UUID orderId) {
        return inventory.reservation(orderId);
    }

    @POST
    @Path("/{orderId}/commit")
    public ReservationView commit(@PathParam("orderId") UUID orderId) {
        return inventory.commit(orderId);
    }

    @POST
    @Path("/{orderId}/release")
    public ReservationView release(@PathParam("orderId") UUID orderId) {
        return inventory.release(orderId);
    }
}
