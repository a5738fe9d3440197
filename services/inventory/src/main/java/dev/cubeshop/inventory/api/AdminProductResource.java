package dev.cubeshop.inventory.api;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.jboss.resteasy.reactive.RestResponse;

import dev.cubeshop.inventory.CatalogService;
import dev.cubeshop.inventory.InventoryService;

/** Catalog and stock administration; the token is checked here too, not only at the gateway. */
@Path("/api/admin/products")
@RolesAllowed("admin")
public class AdminProductResource {
    private final CatalogService catalog;
    private final InventoryService inventory;

    AdminProductResource(CatalogService catalog, InventoryService inventory) {
        this.catalog = catalog;
        this.inventory = inventory;
    }

    @POST
    public RestResponse<AdminProductView> create(@Valid @NotNull CreateProductRequest request) {
        AdminProductView product = catalog.create(request);
        return RestResponse.ResponseBuilder
                .<AdminProductView>created(URI.create("/api/admin/products/" + product.sku()))
                .entity(product).build();
    }

    @GET
    @Path("/{sku}")
    public AdminProductView product(@PathParam("sku") String sku) {
        return catalog.adminView(sku);
    }

    @PUT
    @Path("/{sku}")
    public AdminProductView update(@PathParam("sku") String sku, @Valid @NotNull UpdateProductRequest request) {
        return catalog.update(sku, request);
    }

    @PUT
    @Path("/{sku}/stock")
    public StockView setStock(@PathParam("sku") String sku, @Valid @NotNull StockRequest request) {
        return inventory.setOnHand(sku, request.onHand());
    }

    @POST
    @Path("/{sku}/stock/adjustments")
    public StockView adjustStock(@PathParam("sku") String sku, @Valid @NotNull StockAdjustmentRequest request) {
        return inventory.adjustOnHand(sku, request.delta());
    }
}
