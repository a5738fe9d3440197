package dev.cubeshop.payment;

import java.util.UUID;

/** The order already has a payment of another amount: a repeated charge must repeat the first one exactly. */
public class PaymentConflictException extends RuntimeException {
    public PaymentConflictException(UUID orderId) {
        super("Order " + orderId + " already has a payment of another amount");
    }
}
