package dev.cubeshop.inventory;

public class ProductNotFoundException extends RuntimeException {
    public ProductNotFoundException(String sku) {
        super("No product with sku " + sku);
    }
}
