package dev.cubeshop.checkout;

/** The Idempotency-Key header is missing or not a UUID. */
public class InvalidIdempotencyKeyException extends RuntimeException {
    private final boolean missing;

    public InvalidIdempotencyKeyException(boolean missing) {
        super(missing
                ? "The Idempotency-Key header is required; send a new UUID per checkout attempt"
                : "The Idempotency-Key header must be a UUID");
        this.missing = missing;
    }

    public boolean missing() {
        return missing;
    }
}
