package dev.cubeshop.inventory.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** A new product; {@code active} defaults to true and {@code onHand} to 0. */
public record CreateProductRequest(
        @NotNull @Pattern(regexp = SKU, message = "must be 1-64 letters, digits, '.', '_' or '-'") String sku,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @NotNull @Valid Money price,
        Boolean active,
        @PositiveOrZero @Max(StockRequest.MAX_ON_HAND) Integer onHand) {
    public static final String SKU = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
}
