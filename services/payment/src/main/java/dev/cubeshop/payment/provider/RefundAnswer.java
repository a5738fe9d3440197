package dev.cubeshop.payment.provider;

/** The provider's answer to a refund: the money went back (now or by an earlier refund of the same charge), or not. */
public sealed interface RefundAnswer {
    record Refunded(String reference) implements RefundAnswer {}

    record Rejected(String message) implements RefundAnswer {}
}
