package dev.cubeshop.inventory;

public class ProductExistsException extends RuntimeException {
    public ProductExistsException(String sku) {
        super("A product with sku " + sku + " already exists");
    }
}
