package dev.cubeshop.cart;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A customer's cart: at most {@value #MAX_LINES} distinct lines of {@value #MIN_QUANTITY}..{@value #MAX_QUANTITY}
 * units each, all in one currency. Keyed by customer id only, so carts can be partitioned by customer.
 */
@Entity
@Table(name = "cart")
public class Cart extends PanacheEntityBase {
    public static final int MAX_LINES = 100;
    public static final int MIN_QUANTITY = 1;
    public static final int MAX_QUANTITY = 99;

    @Id
    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @ElementCollection
    @CollectionTable(name = "cart_line", joinColumns = @JoinColumn(name = "customer_id"))
    Set<CartLine> lines = new HashSet<>();

    protected Cart() {}

    /** A cart that was never stored: what a customer without a cart sees. */
    public static Cart empty(String customerId) {
        Cart cart = new Cart();
        cart.customerId = customerId;
        return cart;
    }

    /**
     * The customer's cart, row-locked until the transaction ends, so that changes to one cart (two replicas, a
     * customer and the order-completed consumer) are serialized by the database and the line limit holds.
     */
    public static Optional<Cart> lock(String customerId) {
        return Optional.ofNullable(findById(customerId, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Like {@link #lock(String)}, creating the cart first; concurrent first writes for one customer both succeed. */
    public static Cart lockOrCreate(String customerId) {
        getEntityManager().createNativeQuery("""
                insert into cart (customer_id, updated_at) values (:customer, now())
                on conflict (customer_id) do nothing
                """).setParameter("customer", customerId).executeUpdate();
        return lock(customerId).orElseThrow();
    }

    /** Sets a line to {@code quantity} units at the product's current name and price. */
    public void set(String sku, String name, Money unitPrice, int quantity, Instant now) {
        if (quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity must be " + MIN_QUANTITY + ".." + MAX_QUANTITY);
        }
        Optional<CartLine> existing = line(sku);
        if (existing.isEmpty() && lines.size() >= MAX_LINES) {
            throw new CartFullException(MAX_LINES);
        }
        lines.stream().filter(line -> !line.sku.equals(sku) && !line.currency.equals(unitPrice.currency()))
                .findFirst().ifPresent(line -> {
                    throw new CurrencyMismatchException(sku, unitPrice.currency(), line.currency);
                });
        existing.ifPresent(lines::remove);
        lines.add(new CartLine(sku, name, unitPrice, quantity));
        updatedAt = now;
    }

    /** Removes a line; true if there was one. */
    public boolean remove(String sku, Instant now) {
        boolean removed = lines.removeIf(line -> line.sku.equals(sku));
        if (removed) {
            updatedAt = now;
        }
        return removed;
    }

    /**
     * Takes purchased quantities out of the cart: what was added after the checkout started stays, a line removed
     * meanwhile stays removed, and a line that drops to zero (or below) goes.
     */
    public void removePurchased(Map<String, Integer> purchased, Instant now) {
        boolean changed = false;
        for (var entry : purchased.entrySet()) {
            Optional<CartLine> line = line(entry.getKey());
            if (line.isEmpty()) {
                continue;
            }
            lines.remove(line.get());
            int left = line.get().quantity - entry.getValue();
            if (left > 0) {
                lines.add(line.get().withQuantity(left));
            }
            changed = true;
        }
        if (changed) {
            updatedAt = now;
        }
    }

    /**
     * Takes over lines from this customer's cart on another shard: a line this cart already has for a sku stays as it
     * is (it was written here, later), every other line is added, whatever the line limit, so that nothing is lost.
     */
    public void adopt(List<CartLine> handedOver, Instant handedOverUpdatedAt) {
        boolean changed = false;
        for (CartLine line : handedOver) {
            if (line(line.sku).isEmpty()) {
                lines.add(line);
                changed = true;
            }
        }
        if (changed && handedOverUpdatedAt != null && (updatedAt == null || handedOverUpdatedAt.isAfter(updatedAt))) {
            updatedAt = handedOverUpdatedAt;
        }
    }

    /** The lines in sku order. */
    public List<CartLine> lines() {
        return lines.stream().sorted(Comparator.comparing(line -> line.sku)).toList();
    }

    public Money total(String defaultCurrency) {
        String currency = lines.isEmpty() ? defaultCurrency : lines.iterator().next().currency;
        return lines.stream().map(CartLine::lineTotal).reduce(Money.zero(currency), Money::plus);
    }

    private Optional<CartLine> line(String sku) {
        return lines.stream().filter(line -> line.sku.equals(sku)).findFirst();
    }
}
