package dev.cubeshop.gateway.limits;

/**
 * A token bucket: up to {@code capacity} requests at once, refilled continuously at {@code refillPerSecond}. Time is
 * passed in (nanoseconds) so the rules are testable without waiting.
 */
public final class TokenBucket {
    private final double capacity;
    private final double refillPerNano;
    private double tokens;
    private long updatedAt;
    private long usedAt;

    public TokenBucket(int capacity, double refillPerSecond, long now) {
        this.capacity = capacity;
        this.refillPerNano = refillPerSecond / 1e9;
        this.tokens = capacity;
        this.updatedAt = now;
        this.usedAt = now;
    }

    /** Takes one token: 0 when allowed, otherwise the nanoseconds until a token is available. */
    public synchronized long tryTake(long now) {
        refill(now);
        usedAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / refillPerNano);
    }

    /** Full and untouched since {@code idleSince}: forgetting it changes nothing for its owner. */
    synchronized boolean isIdle(long now, long idleSince) {
        refill(now);
        return tokens >= capacity && usedAt - idleSince <= 0;
    }

    private void refill(long now) {
        long elapsed = now - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
            updatedAt = now;
        }
    }
}
