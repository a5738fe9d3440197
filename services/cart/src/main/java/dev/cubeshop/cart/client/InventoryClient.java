package dev.cubeshop.cart.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Inventory's catalog, balanced across inventory replicas by Stork ({@code stork://inventory}). Use it only through
 * {@link Inventory}, which adds the timeout, retries, circuit breaker and the meaning of a 404.
 */
@RegisterRestClient(configKey = "inventory")
@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
public interface InventoryClient {
    @GET
    @Path("/{sku}")
    ProductView product(@PathParam("sku") String sku);
}
