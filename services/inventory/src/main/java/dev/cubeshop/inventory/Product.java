package dev.cubeshop.inventory;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A product of the catalog. Its stock lives in {@link Stock}, keyed by the same sku. */
@Entity
@Table(name = "product")
public class Product extends PanacheEntityBase {
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
        if (priceMinor < 0) {
            throw new IllegalArgumentException("a price cannot be negative");
        }
        this.name = name;
        this.description = description == null ? "" : description;
        this.priceMinor = priceMinor;
        this.currency = currency;
        this.active = active;
        this.updatedAt = now;
    }
}
