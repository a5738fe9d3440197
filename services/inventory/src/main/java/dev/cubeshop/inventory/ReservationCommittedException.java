package dev.cubeshop.inventory;

import java.util.UUID;

/** Release of a reservation whose stock has already left: it stays committed. */
public class ReservationCommittedException extends RuntimeException {
    public ReservationCommittedException(UUID orderId) {
        super("Reservation " + orderId + " is committed; its stock has left and cannot be released");
    }
}
