package dev.cubeshop.inventory;

/** A request that passes bean validation but breaks a rule that needs context (currency, page depth, repeated sku). */
public class InvalidRequestException extends RuntimeException {
    public final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }
}
