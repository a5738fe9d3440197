package dev.cubeshop.cart.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import dev.cubeshop.cart.Cart;

public record SetQuantityRequest(@NotNull @Min(Cart.MIN_QUANTITY) @Max(Cart.MAX_QUANTITY) Integer quantity) {}
