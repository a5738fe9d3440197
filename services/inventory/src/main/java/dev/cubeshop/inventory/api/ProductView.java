package dev.cubeshop.inventory.api;

/** The public view of a product: price and how many units can be bought now. */
public record ProductView(String sku, String name, String description, Money price, int available, boolean active) {}
