package dev.cubeshop.inventory;

import java.util.UUID;

public class ReservationNotFoundException extends RuntimeException {
    public ReservationNotFoundException(UUID orderId) {
        super("No reservation for order " + orderId);
    }
}
