package dev.cubeshop.inventory;

import java.util.UUID;

/** Commit of a reservation that was released or has expired: its stock is no longer held. */
public class ReservationNotCommittableException extends RuntimeException {
    public final UUID orderId;
    public final Reservation.Status status;

    public ReservationNotCommittableException(UUID orderId, Reservation.Status status) {
        super("Reservation " + orderId + " is " + status + " and can no longer be committed");
        this.orderId = orderId;
        this.status = status;
    }
}
