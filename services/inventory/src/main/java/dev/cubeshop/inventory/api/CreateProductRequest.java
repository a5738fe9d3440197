package dev.cubeshop.inventory.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import dev.cubeshop.inventory.Product;

/** A new product; {@code active} defaults to true and {@code onHand} to 0. */
public record CreateProductRequest(
        @NotNull @Pattern(regexp = SKU, message = "must be 1-64 letters, digits, '.', '_' or '-'") String sku,
        @NotBlank @Size(max = 200) @Pattern(regexp = TEXT, message = "must not contain control characters") String name,
        @Size(max = 2000) @Pattern(regexp = LONG_TEXT, message = "must not contain a NUL character") String description,
        @NotNull @Valid Money price,
        Boolean active,
        @PositiveOrZero @Max(StockRequest.MAX_ON_HAND) Integer onHand) {
    public static final String SKU = Product.SKU;
    /** One line of text; PostgreSQL could not even store a NUL byte. */
    public static final String TEXT = "[^\\p{Cntrl}]*";
    /** Several lines of text. */
    public static final String LONG_TEXT = "[^\\x00]*";
}
