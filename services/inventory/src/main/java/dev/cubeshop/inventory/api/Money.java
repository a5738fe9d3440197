package dev.cubeshop.inventory.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

import dev.cubeshop.inventory.Product;

/**
 * An integer amount in minor units and an ISO 4217 code (docs/contracts.md). Never a float. A price in a request is at
 * most what payment can charge.
 */
public record Money(@NotNull @PositiveOrZero @Max(Product.MAX_PRICE_MINOR) Long amountMinor,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {}
