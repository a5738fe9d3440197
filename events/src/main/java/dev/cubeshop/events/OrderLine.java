package dev.cubeshop.events;

/** One purchased line of an order: what left the stock and what the customer paid per unit. */
public record OrderLine(String sku, int quantity, Money unitPrice) {}
