package dev.cubeshop.checkout.clients;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** The payment service's internal API; replicas are found and balanced by Stork ({@code stork://payment}). */
@RegisterRestClient(configKey = "payment")
@Path("/internal/payments")
public interface PaymentApi {
    @POST
    Uni<Response> charge(ChargeRequest request);

    @GET
    @Path("/{orderId}")
    Uni<Response> find(@PathParam("orderId") UUID orderId);

    @POST
    @Path("/{orderId}/refund")
    Uni<Response> refund(@PathParam("orderId") UUID orderId);
}
