package dev.cubeshop.cart.api;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.cubeshop.cart.Cart;
import dev.cubeshop.cart.CartLine;
import dev.cubeshop.cart.Money;

/** A whole cart on its way from the shard that held it to the shard that owns its customer now. */
public record CartTransfer(
        @NotNull @Pattern(regexp = CartSnapshotResource.CUSTOMER_ID) String customerId,
        @NotNull @Size(max = 10_000) List<@Valid @NotNull Line> lines,
        Instant updatedAt) {

    public record Line(
            @NotNull @Pattern(regexp = CartResource.SKU) String sku,
            @NotNull @Size(min = 1, max = 500) String name,
            @Min(Cart.MIN_QUANTITY) @Max(Cart.MAX_QUANTITY) int quantity,
            @Min(0) long unitPriceMinor,
            @NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {

        CartLine toLine() {
            return new CartLine(sku, name, new Money(unitPriceMinor, currency), quantity);
        }
    }

    public static CartTransfer of(Cart cart) {
        return new CartTransfer(cart.customerId, cart.lines().stream()
                .map(l -> new Line(l.sku, l.name, l.quantity, l.unitPriceMinor, l.currency)).toList(),
                cart.updatedAt);
    }

    List<CartLine> cartLines() {
        return lines.stream().map(Line::toLine).toList();
    }
}
