package dev.cubeshop.inventory;

import java.time.Instant;
import java.util.regex.Pattern;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A product of the catalog. Its stock lives in {@link Stock}, keyed by the same sku. */
@Entity
@Table(name = "product")
public class Product extends PanacheEntityBase {
    /** 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static final String SKU = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    /** The highest price: payment charges at most this much (100 000.00 in a currency with two decimals). */
    public static final long MAX_PRICE_MINOR = 10_000_000L;
    private static final Pattern SKU_PATTERN = Pattern.compile(SKU);

    @Id
    public String sku;
    public String name;
    public String description;
    @Column(name = "price_minor")
    public long priceMinor;
    public String currency;
    public boolean active;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * A sku that cannot exist names no product. It is never looked up: PostgreSQL refuses some such text (a NUL byte)
     * with an error, where the answer is simply that there is no such product.
     */
    public static void requireWellFormedSku(String sku) {
        if (sku == null || !SKU_PATTERN.matcher(sku).matches()) {
            throw new ProductNotFoundException(sku);
        }
    }

    public static Product create(String sku, String name, String description, long priceMinor, String currency,
            boolean active, Instant now) {
        Product product = new Product();
        product.sku = sku;
        product.createdAt = now;
        product.describe(name, description, priceMinor, currency, active, now);
        return product;
    }

    public void describe(String name, String description, long priceMinor, String currency, boolean active,
            Instant now) {
        if (priceMinor < 0 || priceMinor > MAX_PRICE_MINOR) {
            throw new IllegalArgumentException("a price is 0.." + MAX_PRICE_MINOR + " minor units");
        }
        this.name = name;
        this.description = description == null ? "" : description;
        this.priceMinor = priceMinor;
        this.currency = currency;
        this.active = active;
        this.updatedAt = now;
    }
}
