package dev.cubeshop.payment;

import dev.cubeshop.payment.api.PaymentView;

public class PaymentNotRefundableException extends RuntimeException {
    private final PaymentView payment;

    public PaymentNotRefundableException(PaymentView payment) {
        super("Only a captured payment can be refunded; the payment of order " + payment.orderId() + " is "
                + payment.status());
        this.payment = payment;
    }

    public PaymentView payment() {
        return payment;
    }
}
