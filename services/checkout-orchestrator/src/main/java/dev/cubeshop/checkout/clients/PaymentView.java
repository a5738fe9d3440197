package dev.cubeshop.checkout.clients;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.cubeshop.events.Money;

/** The payment service's view of an order's payment (docs/contracts.md). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentView(UUID orderId, String status, Money amount, String providerReference, String declineReason,
        Instant createdAt, Instant updatedAt) {
    public static final String PENDING = "PENDING";
    public static final String CAPTURED = "CAPTURED";
    public static final String DECLINED = "DECLINED";
    public static final String FAILED = "FAILED";
    public static final String REFUNDED = "REFUNDED";

    static PaymentView of(UUID orderId, String status, String declineReason) {
        return new PaymentView(orderId, status, null, null, declineReason, null, null);
    }

    /** The provider has answered: the status will not change any more except by a refund. */
    public boolean settled() {
        return !PENDING.equals(status);
    }
}
