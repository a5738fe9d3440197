package dev.cubeshop.checkout.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code POST /api/checkout}: which payment token to charge; the lines come from the caller's cart. */
public record CheckoutRequest(
        @NotNull @Pattern(regexp = "tok_[A-Za-z0-9_]{1,64}", message = "must be a payment token (tok_...)") String paymentToken) {}
