package dev.cubeshop.cart.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.cubeshop.cart.InventoryUnavailableException;
import dev.cubeshop.cart.UnknownProductException;

/**
 * The one way the cart talks to inventory. Every failure policy lives here:
 * <ul>
 * <li>each attempt has 400 ms; a product read is idempotent, so a failed attempt is retried at once (round robin sends
 * the retry to the next inventory replica); no retry starts after 700 ms, so a caller waits at most about 800 ms for
 * a hanging inventory, and a few milliseconds for one that refuses connections;
 * <li>the circuit breaker opens when 15 of the last 20 attempts failed, i.e. when inventory is down as a whole
 * rather than one of two replicas, and then answers at once for 5 s;
 * <li>404 means "unknown product": not retried, no failure for the breaker;
 * <li>whatever else goes wrong becomes {@link InventoryUnavailableException} (503 for the client).
 * </ul>
 * Values can be tuned per environment through MicroProfile Fault Tolerance configuration
 * ({@code dev.cubeshop.cart.client.Inventory/product/Timeout/value} …).
 */
@ApplicationScoped
public class Inventory {
    private final InventoryClient client;

    Inventory(@RestClient InventoryClient client) {
        this.client = client;
    }

    @Timeout(400)
    @Retry(maxRetries = 2, delay = 0, jitter = 0, maxDuration = 700, abortOn = UnknownProductException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 5000, successThreshold = 1, skipOn = UnknownProductException.class)
    @Fallback(value = Unavailable.class, skipOn = UnknownProductException.class)
    public ProductView product(String sku) {
        try {
            return client.product(sku);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw new UnknownProductException(sku);
            }
            throw e;
        }
    }

    /** Turns whatever failed last (timeout, error answer, refused connection, open breaker) into one domain error. */
    public static class Unavailable implements FallbackHandler<ProductView> {
        @Override
        public ProductView handle(ExecutionContext context) {
            throw new InventoryUnavailableException(context.getFailure());
        }
    }
}
