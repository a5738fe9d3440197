package dev.cubeshop.cart;

import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One line of a cart: the product's name and unit price as inventory quoted them when the line was last set. A value:
 * a change replaces the line, so that Hibernate writes only the rows that changed (a set of embeddables is diffed by
 * value; a list would be rewritten whole).
 */
@Embeddable
public class CartLine {
    // Non-null columns let Hibernate find a line's row by value; with nullable ones it would rewrite every line.
    @Column(nullable = false)
    public String sku;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public int quantity;
    @Column(name = "unit_price_minor", nullable = false)
    public long unitPriceMinor;
    @Column(nullable = false)
    public String currency;

    protected CartLine() {}

    public CartLine(String sku, String name, Money unitPrice, int quantity) {
        this.sku = sku;
        this.name = name;
        this.unitPriceMinor = unitPrice.amountMinor();
        this.currency = unitPrice.currency();
        this.quantity = quantity;
    }

    CartLine withQuantity(int quantity) {
        return new CartLine(sku, name, unitPrice(), quantity);
    }

    public Money unitPrice() {
        return new Money(unitPriceMinor, currency);
    }

    public Money lineTotal() {
        return unitPrice().times(quantity);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CartLine line && sku.equals(line.sku) && name.equals(line.name)
                && quantity == line.quantity && unitPriceMinor == line.unitPriceMinor
                && currency.equals(line.currency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sku, name, quantity, unitPriceMinor, currency);
    }
}
