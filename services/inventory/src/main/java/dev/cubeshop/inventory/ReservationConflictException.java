package dev.cubeshop.inventory;

import java.util.UUID;

/** The order id already holds a reservation with other lines: a second, different reservation is refused. */
public class ReservationConflictException extends RuntimeException {
    public ReservationConflictException(UUID orderId) {
        super("Order " + orderId + " already has a reservation with other lines");
    }
}
