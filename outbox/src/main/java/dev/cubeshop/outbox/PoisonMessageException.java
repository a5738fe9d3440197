package dev.cubeshop.outbox;

/**
 * A message no retry can fix: unreadable, incomplete, or of a schema version this consumer does not understand.
 * Consumers let it propagate (and exclude it from retries), so the message is nacked and dead-lettered.
 */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String message) {
        super(message);
    }

    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
