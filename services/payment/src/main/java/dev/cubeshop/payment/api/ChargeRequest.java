package dev.cubeshop.payment.api;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record ChargeRequest(
        @NotNull UUID orderId,
        @NotNull @Valid MoneyJson amount,
        @NotNull @Pattern(regexp = ChargeRequest.TOKEN, message = "must be a payment token (tok_…)") String paymentToken) {

    /** A provider token, never a card number. */
    public static final String TOKEN = "tok_[a-z0-9_]{1,60}";

    @Override
    public String toString() {
        return "ChargeRequest[" + orderId + ", " + amount + "]";
    }
}
