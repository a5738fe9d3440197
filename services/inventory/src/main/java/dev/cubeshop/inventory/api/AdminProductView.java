package dev.cubeshop.inventory.api;

/** What an administrator sees: the product and its stock in full. */
public record AdminProductView(String sku, String name, String description, Money price, boolean active, int onHand,
        int reserved, int available) {}
