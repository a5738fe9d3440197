package dev.cubeshop.inventory.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** Sets the on-hand stock (for instance after a stock take). */
public record StockRequest(@NotNull @PositiveOrZero @Max(MAX_ON_HAND) Integer onHand) {
    public static final int MAX_ON_HAND = 1_000_000_000;
}
