package dev.cubeshop.inventory.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/** An integer amount in minor units and an ISO 4217 code (docs/contracts.md). Never a float. */
public record Money(@NotNull @PositiveOrZero Long amountMinor,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {}
