package dev.cubeshop.checkout;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One line of an order as inventory reserved it: the product name and unit price are inventory's, not the cart's. */
@Embeddable
public class OrderItem {
    public String sku;
    public String name;
    public int quantity;
    @Column(name = "unit_price_minor")
    public long unitPriceMinor;
    public String currency;

    public static OrderItem of(String sku, String name, int quantity, long unitPriceMinor, String currency) {
        OrderItem item = new OrderItem();
        item.sku = sku;
        item.name = name;
        item.quantity = quantity;
        item.unitPriceMinor = unitPriceMinor;
        item.currency = currency;
        return item;
    }
}
