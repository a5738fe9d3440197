package dev.cubeshop.checkout;

import java.util.UUID;

/** No such order for this customer. Another customer's order is "not found" too: its existence is not revealed. */
public class OrderNotFoundException extends RuntimeException {
    public OrderNotFoundException(UUID id) {
        super("No order " + id);
    }
}
