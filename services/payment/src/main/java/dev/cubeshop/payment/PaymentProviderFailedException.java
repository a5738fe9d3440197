package dev.cubeshop.payment;

import dev.cubeshop.payment.api.PaymentView;

/** The provider answered with an error and took no money; the payment is FAILED for good. */
public class PaymentProviderFailedException extends RuntimeException {
    private final PaymentView payment;

    public PaymentProviderFailedException(PaymentView payment) {
        super("The payment provider failed the payment of order " + payment.orderId());
        this.payment = payment;
    }

    public PaymentView payment() {
        return payment;
    }
}
