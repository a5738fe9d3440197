package dev.cubeshop.inventory.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Replaces a product's description and price; stock is changed through its own endpoints. */
public record UpdateProductRequest(@NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @NotNull @Valid Money price,
        @NotNull Boolean active) {}
