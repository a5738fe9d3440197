package dev.cubeshop.payment.provider;

import java.util.UUID;

/** One charge as the provider sees it. The idempotency key is the order id, so the provider can be asked later. */
public record ProviderCharge(UUID idempotencyKey, long amountMinor, String currency, String paymentToken) {
    @Override
    public String toString() {
        // A token is not a card number, but it still authorises money: keep it out of logs and exception messages.
        return "ProviderCharge[" + idempotencyKey + ", " + amountMinor + " " + currency + "]";
    }
}
