package dev.cubeshop.cart.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.cubeshop.cart.CartFullException;
import dev.cubeshop.cart.CurrencyMismatchException;
import dev.cubeshop.cart.InventoryUnavailableException;
import dev.cubeshop.cart.ProductInactiveException;
import dev.cubeshop.cart.UnknownProductException;
import dev.cubeshop.platform.Problem;

/** The cart's domain errors as problem documents. */
public class CartProblemMappers {
    private static final Logger LOG = Logger.getLogger(CartProblemMappers.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public Response unknownProduct(UnknownProductException e, UriInfo uri) {
        return Problem.of(422, "unknown-product", "There is no such product", e.getMessage())
                .instance(uri.getPath()).with("sku", e.sku()).toResponse();
    }

    @ServerExceptionMapper
    public Response inactiveProduct(ProductInactiveException e, UriInfo uri) {
        return Problem.of(422, "product-inactive", "The product is not sold any more", e.getMessage())
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response cartFull(CartFullException e, UriInfo uri) {
        return Problem.of(409, "cart-full", "The cart is full", e.getMessage())
                .instance(uri.getPath()).with("maxLines", e.maxLines()).toResponse();
    }

    @ServerExceptionMapper
    public Response currencyMismatch(CurrencyMismatchException e, UriInfo uri) {
        return Problem.of(409, "currency-mismatch", "The cart holds products in another currency", e.getMessage())
                .instance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response inventoryUnavailable(InventoryUnavailableException e, UriInfo uri) {
        LOG.warnf("Inventory unavailable on %s: %s", uri.getPath(), String.valueOf(e.getCause()));
        return Response.fromResponse(Problem.of(503, "inventory-unavailable", "The catalog cannot be reached",
                "The cart is unchanged; try again shortly").instance(uri.getPath()).toResponse())
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}
