package dev.cubeshop.checkout;

import java.time.Duration;

/** The end of a request's time budget. Each downstream call gets at most what is left of it. */
public record Deadline(long expiresAtNanos) {

    public static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
    }

    public boolean expired() {
        return remaining().isZero();
    }

    /** The time one call may take: its own timeout, or less when the budget is nearly spent. */
    public Duration cap(Duration callTimeout) {
        Duration left = remaining();
        return left.compareTo(callTimeout) < 0 ? left : callTimeout;
    }
}
