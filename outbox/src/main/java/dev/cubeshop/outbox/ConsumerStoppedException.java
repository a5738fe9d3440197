package dev.cubeshop.outbox;

/**
 * The application is stopping before a message's effect was applied. Not a failure of the message: the
 * {@link PoisonOnlyDeadLetterQueue} failure strategy neither acknowledges nor dead-letters it, so its offset is not
 * committed and the replica that takes over the partition after the rebalance receives it again.
 */
public class ConsumerStoppedException extends RuntimeException {
    public ConsumerStoppedException(String consumer) {
        // No stack trace: this is an expected outcome of a shutdown, logged once per message still in flight.
        super(consumer + " stopped before applying this message; it stays unacknowledged and will be redelivered",
                null, false, false);
    }
}
