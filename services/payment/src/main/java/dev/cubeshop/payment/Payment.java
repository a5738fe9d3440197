package dev.cubeshop.payment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import dev.cubeshop.payment.provider.ChargeAnswer;

/**
 * The payment of one order. Only the outcome of a charge is kept: amount, status and the provider's reference. The
 * payment token never reaches this table, let alone a card number.
 */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase {
    /** The largest charge accepted, in minor units: 100 000.00 in a currency with two decimals. */
    public static final long MAX_AMOUNT_MINOR = 10_000_000L;

    @Id
    @Column(name = "order_id")
    public UUID orderId;
    @Column(name = "amount_minor")
    public long amountMinor;
    @Column(name = "currency")
    public String currency;
    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    public PaymentStatus status;
    @Column(name = "provider_reference")
    public String providerReference;
    @Column(name = "decline_reason")
    public String declineReason;
    @Column(name = "refund_reference")
    public String refundReference;
    @Column(name = "refund_on_capture")
    public boolean refundOnCapture;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** What happens to this payment when its order failed. */
    public enum AfterOrderFailed {
        REFUND, REFUND_ON_CAPTURE, NOTHING
    }

    public boolean isSameCharge(long amountMinor, String currency) {
        return this.amountMinor == amountMinor && this.currency.equals(currency);
    }

    /**
     * Records the provider's answer. Only a PENDING payment settles: a second answer (a late live call after the
     * recovery job, a repeated delivery) changes nothing. True when this call settled the payment.
     */
    public boolean settle(ChargeAnswer answer, Instant now) {
        if (status != PaymentStatus.PENDING) {
            return false;
        }
        switch (answer) {
            case ChargeAnswer.Approved approved -> {
                status = PaymentStatus.CAPTURED;
                providerReference = approved.reference();
            }
            case ChargeAnswer.Declined declined -> {
                status = PaymentStatus.DECLINED;
                providerReference = declined.reference();
                declineReason = declined.reason().code();
            }
            case ChargeAnswer.Failed failed -> {
                status = PaymentStatus.FAILED;
                providerReference = failed.reference();
            }
        }
        updatedAt = now;
        return true;
    }

    public boolean isRefundable() {
        return status == PaymentStatus.CAPTURED;
    }

    public void refunded(String reference, Instant now) {
        if (!isRefundable()) {
            throw new IllegalStateException("Only a captured payment can be refunded, this one is " + status);
        }
        status = PaymentStatus.REFUNDED;
        refundReference = reference;
        updatedAt = now;
    }

    /** The order of this payment failed: money taken must go back, also money the provider has yet to confirm. */
    public AfterOrderFailed orderFailed(Instant now) {
        return switch (status) {
            case CAPTURED -> AfterOrderFailed.REFUND;
            case PENDING -> {
                refundOnCapture = true;
                updatedAt = now;
                yield AfterOrderFailed.REFUND_ON_CAPTURE;
            }
            case DECLINED, FAILED, REFUNDED -> AfterOrderFailed.NOTHING;
        };
    }

    /** Captured although its order failed while the charge was pending. */
    public boolean isRefundDue() {
        return status == PaymentStatus.CAPTURED && refundOnCapture;
    }
}
