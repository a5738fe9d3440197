package dev.cubeshop.cart.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.cubeshop.cart.Money;

/** Inventory's public product view (docs/contracts.md); only what the cart needs is read. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProductView(String sku, String name, String description, Money price, int available, boolean active) {}
