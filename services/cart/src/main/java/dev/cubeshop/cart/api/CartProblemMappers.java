package dev.cubeshop.cart.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.cubeshop.cart.CartFullException;
import dev.cubeshop.cart.CurrencyMismatchException;
import dev.cubeshop.cart.InventoryUnavailableException;
import dev.cubeshop.cart.ProductInactiveException;
import dev.cubeshop.cart.ShardHandoff;
import dev.cubeshop.cart.UnknownProductException;
import dev.cubeshop.cart.WrongShardException;
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

    /** 421 Misdirected Request: the request reached a shard that does not own the customer (see the README). */
    @ServerExceptionMapper
    public Response wrongShard(WrongShardException e, UriInfo uri) {
        return Problem.of(421, "wrong-shard", "This cart shard does not serve this customer", e.getMessage())
                .instance(uri.getPath()).with("shard", e.shard()).with("owner", e.owner()).with("shards", e.shards())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response handoffOwnersMissing(ShardHandoff.OwnersMissingException e, UriInfo uri) {
        return Problem.of(422, "handoff-owners-missing", "The hand-off needs more shard addresses", e.getMessage())
                .instance(uri.getPath()).with("missing", e.missing()).toResponse();
    }

    @ServerExceptionMapper
    public Response inventoryUnavailable(InventoryUnavailableException e, UriInfo uri) {
        LOG.warnf("Inventory unavailable on %s: %s", uri.getPath(), String.valueOf(e.getCause()));
        return Response.fromResponse(Problem.of(503, "inventory-unavailable", "The catalog cannot be reached",
                "The cart is unchanged; try again shortly").instance(uri.getPath()).toResponse())
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}
