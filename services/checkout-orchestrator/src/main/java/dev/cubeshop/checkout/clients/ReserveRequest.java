package dev.cubeshop.checkout.clients;

import java.util.List;
import java.util.UUID;

/** {@code POST /internal/reservations} (docs/contracts.md). */
public record ReserveRequest(UUID orderId, List<Line> lines) {
    public record Line(String sku, int quantity) {}
}
