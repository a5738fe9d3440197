package dev.cubeshop.inventory.api;

import java.util.List;

public record ProductPage(List<ProductView> items, int page, int size, long total) {}
