package dev.cubeshop.cart;

/** A product is priced in another currency than the lines already in the cart, so no total could be given. */
public class CurrencyMismatchException extends RuntimeException {
    public CurrencyMismatchException(String sku, String currency, String cartCurrency) {
        super("Product " + sku + " is priced in " + currency + ", the cart in " + cartCurrency);
    }
}
