package dev.cubeshop.cart;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.cubeshop.cart.api.CartView;
import dev.cubeshop.cart.client.Inventory;
import dev.cubeshop.cart.client.ProductView;
import dev.cubeshop.cart.config.CartConfig;
import dev.cubeshop.events.OrderCompleted;
import dev.cubeshop.events.OrderLine;
import dev.cubeshop.outbox.ProcessedEvents;

/** The cart's use cases. Every change locks the customer's cart row, so replicas need no memory of their own. */
@ApplicationScoped
public class CartService {
    static final String ORDER_COMPLETED_CONSUMER = "cart.order-completed";

    private final Inventory inventory;
    private final ProcessedEvents processedEvents;
    private final CartConfig config;
    private final Clock clock = Clock.systemUTC();

    CartService(Inventory inventory, ProcessedEvents processedEvents, CartConfig config) {
        this.inventory = inventory;
        this.processedEvents = processedEvents;
        this.config = config;
    }

    @Transactional
    public CartView view(String customerId) {
        Cart cart = Cart.<Cart>findByIdOptional(customerId).orElseGet(() -> Cart.empty(customerId));
        return CartView.of(cart, config.currency());
    }

    /**
     * Sets a line at inventory's current name and price. Inventory is asked before the transaction begins, so no
     * connection or row lock is held during the remote call, and a failed call changes nothing.
     */
    public CartView setQuantity(String customerId, String sku, int quantity) {
        ProductView product = inventory.product(sku);
        if (!product.active()) {
            throw new ProductInactiveException(sku);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Cart cart = Cart.lockOrCreate(customerId);
            cart.set(sku, product.name(), product.price(), quantity, now());
            return CartView.of(cart, config.currency());
        });
    }

    @Transactional
    public CartView remove(String customerId, String sku) {
        Cart cart = Cart.lock(customerId).orElseGet(() -> Cart.empty(customerId));
        cart.remove(sku, now());
        return CartView.of(cart, config.currency());
    }

    /** The effect of one OrderCompleted event; a repeated event id does nothing. */
    @Transactional
    public void removePurchased(OrderCompleted event) {
        if (!processedEvents.firstTime(event.eventId(), ORDER_COMPLETED_CONSUMER)) {
            return;
        }
        Map<String, Integer> purchased = event.lines().stream()
                .collect(Collectors.toMap(OrderLine::sku, OrderLine::quantity, Integer::sum));
        Cart.lock(event.customerId()).ifPresent(cart -> cart.removePurchased(purchased, now()));
    }

    private Instant now() {
        // PostgreSQL keeps microseconds: the answer to a change equals what a later read returns.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
