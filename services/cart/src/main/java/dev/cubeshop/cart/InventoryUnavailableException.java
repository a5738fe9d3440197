package dev.cubeshop.cart;

/** Inventory did not answer in time, answered with an error, or its circuit breaker is open. */
public class InventoryUnavailableException extends RuntimeException {
    public InventoryUnavailableException(Throwable cause) {
        super("Inventory is unavailable", cause);
    }
}
