package dev.cubeshop.checkout.clients;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.cubeshop.events.Money;

/** Inventory's reservation: the lines with their authoritative names and unit prices (docs/contracts.md). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReservationView(UUID orderId, String status, Instant expiresAt, List<Line> lines, Money total) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Line(String sku, String name, int quantity, Money unitPrice) {}
}
