package dev.cubeshop.cart.api;

import java.time.Instant;
import java.util.List;

import dev.cubeshop.cart.Cart;
import dev.cubeshop.cart.Money;

/** The cart as docs/contracts.md fixes it, for the customer and for the orchestrator's snapshot alike. */
public record CartView(String customerId, List<CartLineView> lines, Money total, Instant updatedAt) {
    public static CartView of(Cart cart, String defaultCurrency) {
        return new CartView(cart.customerId, cart.lines().stream().map(CartLineView::of).toList(),
                cart.total(defaultCurrency), cart.updatedAt);
    }
}
