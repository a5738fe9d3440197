package dev.cubeshop.inventory.api;

import java.util.Locale;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import dev.cubeshop.inventory.CatalogService;

/** The public catalog (routed by the gateway, cacheable there). */
@Path("/api/products")
public class ProductResource {
    private final CatalogService catalog;

    ProductResource(CatalogService catalog) {
        this.catalog = catalog;
    }

    /** Numbers arrive as text so that "page=abc" is a 400 naming the parameter, not a bare 404. */
    @GET
    public ProductPage products(
            @QueryParam("q") @Size(max = 100) @Pattern(regexp = CreateProductRequest.TEXT, message = "must not contain control characters") String q,
            @QueryParam("sort") @DefaultValue("name") @Pattern(regexp = "name|price|sku", message = "must be one of name, price, sku") String sort,
            @QueryParam("direction") @DefaultValue("asc") @Pattern(regexp = "asc|desc", message = "must be asc or desc") String direction,
            @QueryParam("page") @DefaultValue("0") @Pattern(regexp = "\\d{1,5}", message = "must be a whole number from 0") String page,
            @QueryParam("size") @DefaultValue("20") @Pattern(regexp = "0*[1-9]\\d{0,2}", message = "must be a whole number from 1") String size) {
        return catalog.page(q, CatalogService.Sort.valueOf(sort.toUpperCase(Locale.ROOT)), direction.equals("desc"),
                Integer.parseInt(page), Integer.parseInt(size));
    }

    @GET
    @Path("/{sku}")
    public ProductView product(@PathParam("sku") String sku) {
        return catalog.product(sku);
    }
}
