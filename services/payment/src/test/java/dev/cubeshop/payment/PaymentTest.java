package dev.cubeshop.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.cubeshop.payment.provider.ChargeAnswer;
import dev.cubeshop.payment.provider.DeclineReason;

class PaymentTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aPendingPaymentSettlesOnceAndKeepsItsFirstOutcome() {
        Payment payment = pending();

        assertThat(payment.settle(new ChargeAnswer.Approved("ref-1"), NOW)).isTrue();
        assertThat(payment.settle(new ChargeAnswer.Declined("ref-2", DeclineReason.CARD_DECLINED), NOW)).isFalse();

        assertThat(payment.status).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(payment.providerReference).isEqualTo("ref-1");
        assertThat(payment.declineReason).isNull();
    }

    @Test
    void aDeclineRecordsItsReason() {
        Payment payment = pending();

        payment.settle(new ChargeAnswer.Declined("ref", DeclineReason.INSUFFICIENT_FUNDS), NOW);

        assertThat(payment.status).isEqualTo(PaymentStatus.DECLINED);
        assertThat(payment.declineReason).isEqualTo("insufficient-funds");
    }

    @Test
    void onlyACapturedPaymentCanBeRefunded() {
        Payment declined = pending();
        declined.settle(new ChargeAnswer.Declined("ref", DeclineReason.CARD_DECLINED), NOW);
        Payment captured = pending();
        captured.settle(new ChargeAnswer.Approved("ref"), NOW);

        assertThat(pending().isRefundable()).isFalse();
        assertThat(declined.isRefundable()).isFalse();
        assertThatThrownBy(() -> declined.refunded("re", NOW)).isInstanceOf(IllegalStateException.class);
        captured.refunded("re", NOW);
        assertThat(captured.status).isEqualTo(PaymentStatus.REFUNDED);
        assertThatThrownBy(() -> captured.refunded("re-2", NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedOrderRefundsACaptureAndMarksAPendingChargeForRefundOnCapture() {
        Payment captured = pending();
        captured.settle(new ChargeAnswer.Approved("ref"), NOW);
        Payment pending = pending();
        Payment failed = pending();
        failed.settle(new ChargeAnswer.Failed("ref", "boom"), NOW);

        assertThat(captured.orderFailed(NOW)).isEqualTo(Payment.AfterOrderFailed.REFUND);
        assertThat(failed.orderFailed(NOW)).isEqualTo(Payment.AfterOrderFailed.NOTHING);
        assertThat(pending.orderFailed(NOW)).isEqualTo(Payment.AfterOrderFailed.REFUND_ON_CAPTURE);
        assertThat(pending.isRefundDue()).isFalse();
        pending.settle(new ChargeAnswer.Approved("ref"), NOW);
        assertThat(pending.isRefundDue()).isTrue();
    }

    @Test
    void aRepeatedChargeMustNameTheSameAmountAndCurrency() {
        Payment payment = pending();

        assertThat(payment.isSameCharge(1999, "EUR")).isTrue();
        assertThat(payment.isSameCharge(2000, "EUR")).isFalse();
        assertThat(payment.isSameCharge(1999, "USD")).isFalse();
    }

    private static Payment pending() {
        Payment payment = new Payment();
        payment.orderId = UUID.randomUUID();
        payment.amountMinor = 1999;
        payment.currency = "EUR";
        payment.status = PaymentStatus.PENDING;
        payment.createdAt = NOW;
        payment.updatedAt = NOW;
        return payment;
    }
}
