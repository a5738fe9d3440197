package dev.cubeshop.cart;

/** A new line would exceed the number of distinct lines a cart may hold. */
public class CartFullException extends RuntimeException {
    private final int maxLines;

    public CartFullException(int maxLines) {
        super("A cart holds at most " + maxLines + " distinct lines");
        this.maxLines = maxLines;
    }

    public int maxLines() {
        return maxLines;
    }
}
