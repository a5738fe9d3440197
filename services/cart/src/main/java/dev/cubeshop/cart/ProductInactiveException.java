package dev.cubeshop.cart;

/** The product exists but is no longer sold. */
public class ProductInactiveException extends RuntimeException {
    public ProductInactiveException(String sku) {
        super("Product " + sku + " is not sold any more");
    }
}
