package dev.cubeshop.outbox;

/**
 * A message no retry can fix: unreadable, incomplete, or of a schema version this consumer does not understand.
 * Consumers let it propagate, so that the message is nacked and the {@link PoisonOnlyDeadLetterQueue} failure
 * strategy sends it to the dead-letter topic. It is the only failure that ever does: {@link ConsumerRetry} retries
 * every other one until it succeeds.
 */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String message) {
        super(message);
    }

    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether this failure is, or was caused by, a poison message (interceptors may wrap it). */
    public static boolean isPoison(Throwable failure) {
        return causedBy(failure, PoisonMessageException.class);
    }

    static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        Throwable current = failure;
        // Bounded, because a cause chain can be circular.
        for (int depth = 0; current != null && depth < 32; depth++) {
            if (type.isInstance(current)) {
                return true;
            }
            current = current.getCause();
        }
        return false;
    }
}
