package dev.cubeshop.inventory;

/** On-hand stock may not drop below what is reserved (nor below zero): held reservations must stay committable. */
public class StockBelowReservedException extends RuntimeException {
    public final int reserved;

    public StockBelowReservedException(String sku, int requestedOnHand, int reserved) {
        super("On-hand stock of " + sku + " cannot become " + requestedOnHand + ": " + reserved
                + " units are reserved");
        this.reserved = reserved;
    }
}
