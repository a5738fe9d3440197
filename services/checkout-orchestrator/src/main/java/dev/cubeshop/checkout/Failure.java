package dev.cubeshop.checkout;

import java.util.List;

/**
 * Why an order did not complete, as the problem the client was answered with (RFC 9457 members). Stored with the
 * order, so that a repeated Idempotency-Key gets the same answer.
 */
public record Failure(int status, String kind, String title, String detail, List<Unavailable> unavailable) {

    /** A line inventory could not reserve. */
    public record Unavailable(String sku, int requested, int available) {}

    public static Failure cartEmpty() {
        return new Failure(409, "cart-empty", "The cart is empty", "There is nothing to check out", null);
    }

    public static Failure insufficientStock(List<Unavailable> unavailable) {
        String skus = String.join(", ", unavailable.stream().map(Unavailable::sku).toList());
        return new Failure(409, "insufficient-stock", "Not enough stock", "Not enough stock for " + skus,
                List.copyOf(unavailable));
    }

    public static Failure refusedByInventory(int status, String kind, String detail) {
        return new Failure(status == 422 ? 422 : 409, kind == null ? "reservation-refused" : kind,
                "The cart's lines cannot be reserved", detail, null);
    }

    public static Failure declined(String reason) {
        return new Failure(402, "payment-declined", "The payment was declined",
                "The payment was declined" + (reason == null ? "" : " (" + reason + ")"), null);
    }

    public static Failure paymentFailed(String detail) {
        return new Failure(503, "payment-failed", "The payment could not be taken", detail, null);
    }

    public static Failure unavailable(String dependency) {
        return new Failure(503, "dependency-unavailable", "A service the checkout needs is unavailable",
                "The " + dependency + " service did not answer; nothing was charged and no stock is held", null);
    }

    public static Failure notCommittable() {
        return new Failure(409, "reservation-expired", "The reserved stock is no longer held",
                "The reservation expired before it could be committed; the payment was refunded", null);
    }

    public static Failure abandoned(String detail) {
        return new Failure(503, "checkout-abandoned", "The checkout could not be finished", detail, null);
    }
}
