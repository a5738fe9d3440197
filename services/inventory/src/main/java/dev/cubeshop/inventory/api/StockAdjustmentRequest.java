package dev.cubeshop.inventory.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Adds (goods received) or removes (damaged, lost) units of on-hand stock. */
public record StockAdjustmentRequest(
        @NotNull @Min(-StockRequest.MAX_ON_HAND) @Max(StockRequest.MAX_ON_HAND) Integer delta) {}
