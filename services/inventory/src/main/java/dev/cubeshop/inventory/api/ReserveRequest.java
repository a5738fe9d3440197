package dev.cubeshop.inventory.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.cubeshop.inventory.InvalidRequestException;

public record ReserveRequest(@NotNull UUID orderId,
        @NotEmpty @Size(max = MAX_LINES) List<@NotNull @Valid Line> lines) {
    public static final int MAX_LINES = 50;
    public static final int MAX_QUANTITY = 1000;

    /** Quantity per sku; a sku named twice is refused rather than guessed at. */
    public Map<String, Integer> quantities() {
        Map<String, Integer> quantities = new LinkedHashMap<>();
        for (Line line : lines) {
            if (quantities.put(line.sku(), line.quantity()) != null) {
                throw new InvalidRequestException("lines", "sku " + line.sku() + " appears more than once");
            }
        }
        return quantities;
    }

    public record Line(
            @NotNull @Pattern(regexp = CreateProductRequest.SKU, message = "must be 1-64 letters, digits, '.', '_' or '-'") String sku,
            @NotNull @Min(1) @Max(MAX_QUANTITY) Integer quantity) {}
}
