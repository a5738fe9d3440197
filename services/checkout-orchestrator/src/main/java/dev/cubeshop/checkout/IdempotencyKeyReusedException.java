package dev.cubeshop.checkout;

import java.util.UUID;

/** The Idempotency-Key was used before with another request body: replaying the first answer would be a lie. */
public class IdempotencyKeyReusedException extends RuntimeException {
    public IdempotencyKeyReusedException(UUID key) {
        super("Idempotency-Key " + key + " was already used with a different request body");
    }
}
