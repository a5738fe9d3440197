package dev.cubeshop.payment.api;

import java.time.Instant;
import java.util.UUID;

import dev.cubeshop.payment.Payment;
import dev.cubeshop.payment.PaymentStatus;

public record PaymentView(UUID orderId, PaymentStatus status, MoneyJson amount, String providerReference,
        String declineReason, Instant createdAt, Instant updatedAt) {

    public static PaymentView of(Payment payment) {
        return new PaymentView(payment.orderId, payment.status,
                new MoneyJson(payment.amountMinor, payment.currency), payment.providerReference,
                payment.declineReason, payment.createdAt, payment.updatedAt);
    }
}
