package dev.cubeshop.inventory.api;

public record StockView(String sku, int onHand, int reserved, int available) {}
