package dev.cubeshop.checkout;

/**
 * Where an order's saga stands. PENDING, RESERVED and PAID are in flight (the recovery job may take them over);
 * the other four are terminal.
 */
public enum OrderStatus {
    /** Created; nothing confirmed downstream yet (a reservation may be in flight). */
    PENDING,
    /** Stock reserved with authoritative prices; a charge may be in flight. */
    RESERVED,
    /** Payment captured; the reservation is still to be committed. */
    PAID, COMPLETED,
    /** Nothing to sell: the cart was empty, stock was missing, or inventory refused the lines. Nothing charged. */
    REJECTED,
    /** The card was declined; the reservation was released. */
    PAYMENT_DECLINED,
    /** A dependency failed or the reservation could not be committed; whatever was started was compensated. */
    FAILED;

    public boolean terminal() {
        return this == COMPLETED || this == REJECTED || this == PAYMENT_DECLINED || this == FAILED;
    }
}
