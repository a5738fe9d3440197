package dev.cubeshop.checkout.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.cubeshop.checkout.Deadline;
import dev.cubeshop.checkout.config.CheckoutConfig;

/** The cart service as the saga needs it: a snapshot of the customer's cart, bounded, retried, behind a breaker. */
@ApplicationScoped
public class CartClient {
    static final String NAME = "cart";
    private final CartApi api;
    private final CheckoutConfig config;
    private final DependencyGuard guard;

    CartClient(@RestClient CartApi api, CheckoutConfig config) {
        this.api = api;
        this.config = config;
        this.guard = new DependencyGuard(NAME, config.resilience());
    }

    /** The customer's cart; the cart service answers an empty cart when there is none. */
    public CartView snapshot(String customerId, Deadline deadline) {
        return guard.idempotent(() -> {
            Response response = Calls.await(NAME, api.snapshot(customerId), deadline, config.timeouts().cart());
            if (response.getStatus() == 200) {
                return Calls.body(response, CartView.class);
            }
            throw Calls.unexpected(NAME, response);
        });
    }
}
