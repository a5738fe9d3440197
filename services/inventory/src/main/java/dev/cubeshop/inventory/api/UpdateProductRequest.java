package dev.cubeshop.inventory.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Replaces a product's description and price; stock is changed through its own endpoints. */
public record UpdateProductRequest(
        @NotBlank @Size(max = 200) @Pattern(regexp = CreateProductRequest.TEXT, message = "must not contain control characters") String name,
        @Size(max = 2000) @Pattern(regexp = CreateProductRequest.LONG_TEXT, message = "must not contain a NUL character") String description,
        @NotNull @Valid Money price,
        @NotNull Boolean active) {}
