package dev.cubeshop.payment.provider;

/** The provider's definite answer to a charge. An unknown outcome (a lost connection) is an exception instead. */
public sealed interface ChargeAnswer {
    String reference();

    record Approved(String reference) implements ChargeAnswer {}

    record Declined(String reference, DeclineReason reason) implements ChargeAnswer {}

    /** The provider answered with an error and took no money. */
    record Failed(String reference, String message) implements ChargeAnswer {}
}
