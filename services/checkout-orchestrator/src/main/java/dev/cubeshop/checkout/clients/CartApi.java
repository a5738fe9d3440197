package dev.cubeshop.checkout.clients;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** The cart service's internal API; replicas are found and balanced by Stork ({@code stork://cart}). */
@RegisterRestClient(configKey = "cart")
@Path("/internal/carts")
public interface CartApi {
    @GET
    @Path("/{customerId}")
    Uni<Response> snapshot(@PathParam("customerId") String customerId);
}
