package dev.cubeshop.cart.api;

import dev.cubeshop.cart.CartLine;
import dev.cubeshop.cart.Money;

public record CartLineView(String sku, String name, int quantity, Money unitPrice, Money lineTotal) {
    static CartLineView of(CartLine line) {
        return new CartLineView(line.sku, line.name, line.quantity, line.unitPrice(), line.lineTotal());
    }
}
