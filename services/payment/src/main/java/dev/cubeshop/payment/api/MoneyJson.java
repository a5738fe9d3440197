package dev.cubeshop.payment.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import dev.cubeshop.payment.Payment;

/** Money on the wire: {@code {"amountMinor": 1999, "currency": "EUR"}} (docs/contracts.md). */
public record MoneyJson(
        @NotNull @Positive @Max(Payment.MAX_AMOUNT_MINOR) Long amountMinor,
        @NotNull @IsoCurrency String currency) {}
