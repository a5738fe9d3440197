package dev.cubeshop.payment;

/** PENDING until the provider answers; CAPTURED may later become REFUNDED. Every other state is final. */
public enum PaymentStatus {
    PENDING, CAPTURED, DECLINED, FAILED, REFUNDED
}
