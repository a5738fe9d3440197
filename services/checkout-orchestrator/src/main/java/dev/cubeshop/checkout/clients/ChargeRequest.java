package dev.cubeshop.checkout.clients;

import java.util.UUID;

import dev.cubeshop.events.Money;

/** {@code POST /internal/payments} (docs/contracts.md). */
public record ChargeRequest(UUID orderId, Money amount, String paymentToken) {}
