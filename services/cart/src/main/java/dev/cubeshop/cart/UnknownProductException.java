package dev.cubeshop.cart;

/** Inventory does not know the sku (it answered 404). */
public class UnknownProductException extends RuntimeException {
    private final String sku;

    public UnknownProductException(String sku) {
        super("No product with sku " + sku);
        this.sku = sku;
    }

    public String sku() {
        return sku;
    }
}
