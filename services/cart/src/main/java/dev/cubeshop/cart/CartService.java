package dev.cubeshop.cart;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
    private final Shard shard;
    private final Clock clock = Clock.systemUTC();
    /** When this shard's database was created (migration V2), read once. */
    private volatile Instant bornAt;

    CartService(Inventory inventory, ProcessedEvents processedEvents, CartConfig config, Shard shard) {
        this.inventory = inventory;
        this.processedEvents = processedEvents;
        this.config = config;
        this.shard = shard;
    }

    /** Every use case starts here: a customer of another shard is refused before anything is read or written. */
    @Transactional
    public CartView view(String customerId) {
        shard.requireOwned(customerId);
        Cart cart = Cart.<Cart>findByIdOptional(customerId).orElseGet(() -> Cart.empty(customerId));
        return CartView.of(cart, config.currency());
    }

    /**
     * Sets a line at inventory's current name and price. Inventory is asked before the transaction begins, so no
     * connection or row lock is held during the remote call, and a failed call changes nothing.
     */
    public CartView setQuantity(String customerId, String sku, int quantity) {
        shard.requireOwned(customerId);
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
        shard.requireOwned(customerId);
        Cart cart = Cart.lock(customerId).orElseGet(() -> Cart.empty(customerId));
        cart.remove(sku, now());
        return CartView.of(cart, config.currency());
    }

    /**
     * The effect of one OrderCompleted event; a repeated event id does nothing. Every shard reads every event and acts
     * only on its own customers' (see the README, "Shards").
     */
    @Transactional
    public void removePurchased(OrderCompleted event) {
        if (!shard.owns(event.customerId()) || event.occurredAt().isBefore(shardBornAt())) {
            return;
        }
        if (!processedEvents.firstTime(event.eventId(), ORDER_COMPLETED_CONSUMER)) {
            return;
        }
        Map<String, Integer> purchased = event.lines().stream()
                .collect(Collectors.toMap(OrderLine::sku, OrderLine::quantity, Integer::sum));
        Cart.lock(event.customerId()).ifPresent(cart -> cart.removePurchased(purchased, now()));
    }

    /**
     * A cart handed over by the shard that held it before this one owned the customer (a shard was added). The lines
     * this shard already has for the customer are newer and win; lines only the old shard had are added.
     */
    @Transactional
    public CartView adopt(String customerId, List<CartLine> lines, Instant updatedAt) {
        shard.requireOwned(customerId);
        Cart cart = Cart.lockOrCreate(customerId);
        cart.adopt(lines, updatedAt);
        return CartView.of(cart, config.currency());
    }

    private Instant shardBornAt() {
        Instant born = bornAt;
        if (born == null) {
            born = (Instant) Cart.getEntityManager().createNativeQuery("select born_at from shard_birth", Instant.class)
                    .getSingleResult();
            bornAt = born;
        }
        return born;
    }

    private Instant now() {
        // PostgreSQL keeps microseconds: the answer to a change equals what a later read returns.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
