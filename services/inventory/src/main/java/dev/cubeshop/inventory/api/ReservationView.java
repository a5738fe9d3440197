package dev.cubeshop.inventory.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record ReservationView(UUID orderId, String status, Instant expiresAt, List<Line> lines, Money total) {
    public record Line(String sku, String name, int quantity, Money unitPrice) {}
}
