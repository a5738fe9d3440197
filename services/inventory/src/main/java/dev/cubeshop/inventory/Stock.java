package dev.cubeshop.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * On-hand and reserved units of one product. Changes go through conditional SQL updates in {@link InventoryService}
 * (never read-modify-write in Java), so that replicas cannot oversell; the table's check constraints back that up.
 */
@Entity
@Table(name = "stock")
public class Stock extends PanacheEntityBase {
    @Id
    public String sku;
    @Column(name = "on_hand")
    public int onHand;
    public int reserved;

    public static Stock empty(String sku) {
        Stock stock = new Stock();
        stock.sku = sku;
        return stock;
    }

    public int available() {
        return onHand - reserved;
    }
}
