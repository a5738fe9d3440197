package dev.cubeshop.inventory;

import java.util.List;

/** A request names skus that are not in the catalog. */
public class UnknownProductException extends RuntimeException {
    public final List<String> skus;

    public UnknownProductException(List<String> skus) {
        super("Unknown product(s): " + String.join(", ", skus));
        this.skus = List.copyOf(skus);
    }
}
