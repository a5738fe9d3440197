package dev.cubeshop.payment;

import dev.cubeshop.payment.api.PaymentView;

/** The provider declined the charge. A repeated charge of the same order is declined the same way. */
public class PaymentDeclinedException extends RuntimeException {
    private final PaymentView payment;

    public PaymentDeclinedException(PaymentView payment) {
        super("The payment of order " + payment.orderId() + " was declined: " + payment.declineReason());
        this.payment = payment;
    }

    public PaymentView payment() {
        return payment;
    }
}
