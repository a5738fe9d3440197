package dev.cubeshop.checkout.api;

import java.util.List;

/** One page of the caller's orders, newest first; the same shape as the catalog's pages. */
public record OrderPage(List<OrderView> items, int page, int size, long total) {}
