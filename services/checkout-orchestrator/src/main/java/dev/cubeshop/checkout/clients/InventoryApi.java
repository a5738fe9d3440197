package dev.cubeshop.checkout.clients;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** Inventory's internal reservation API; replicas are found and balanced by Stork ({@code stork://inventory}). */
@RegisterRestClient(configKey = "inventory")
@Path("/internal/reservations")
public interface InventoryApi {
    @POST
    Uni<Response> reserve(ReserveRequest request);

    @POST
    @Path("/{orderId}/commit")
    Uni<Response> commit(@PathParam("orderId") UUID orderId);

    @POST
    @Path("/{orderId}/release")
    Uni<Response> release(@PathParam("orderId") UUID orderId);

    /** A reservation's state (read by the start-up warm-up only: the saga learns it from the answers above). */
    @GET
    @Path("/{orderId}")
    Uni<Response> find(@PathParam("orderId") UUID orderId);
}
