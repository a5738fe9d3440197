package dev.cubeshop.inventory;

import java.util.List;

/** At least one line cannot be reserved; nothing was reserved. */
public class InsufficientStockException extends RuntimeException {
    public record Unavailable(String sku, int requested, int available) {}

    public final List<Unavailable> unavailable;

    public InsufficientStockException(List<Unavailable> unavailable) {
        super("Not enough stock for " + unavailable.stream().map(Unavailable::sku).toList());
        this.unavailable = List.copyOf(unavailable);
    }
}
