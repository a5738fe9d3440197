package dev.cubeshop.checkout.clients;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.cubeshop.events.Money;

/** The cart service's snapshot of a customer's cart (docs/contracts.md). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CartView(String customerId, List<Line> lines, Money total, Instant updatedAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Line(String sku, String name, int quantity, Money unitPrice, Money lineTotal) {}

    public boolean empty() {
        return lines == null || lines.isEmpty();
    }
}
