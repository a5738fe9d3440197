package dev.cubeshop.payment;

import dev.cubeshop.payment.api.PaymentView;

/** A charge that was not declined or failed: captured (or since refunded), or still pending. */
public record ChargeResult(PaymentView payment, boolean created) {}
