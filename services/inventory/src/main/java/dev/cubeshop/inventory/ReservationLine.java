package dev.cubeshop.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One reserved line, with the name and unit price the product had when the stock was reserved (authoritative). */
@Embeddable
public class ReservationLine {
    public String sku;
    public String name;
    public int quantity;
    @Column(name = "unit_price_minor")
    public long unitPriceMinor;
    public String currency;

    public static ReservationLine of(Product product, int quantity) {
        ReservationLine line = new ReservationLine();
        line.sku = product.sku;
        line.name = product.name;
        line.quantity = quantity;
        line.unitPriceMinor = product.priceMinor;
        line.currency = product.currency;
        return line;
    }
}
