package dev.cubeshop.gateway.proxy;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica of an upstream and what the gateway knows about it: whether it takes traffic, how many requests are in
 * flight, and how many 5xx answers came in a row. Read and written from every event loop, hence the volatiles and
 * atomics; a lost update only shifts an ejection by one request.
 */
public final class Replica {
    private final URI uri;
    private final String host;
    private final int port;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger serverErrorsInARow = new AtomicInteger();
    private final AtomicInteger checkTimeoutsInARow = new AtomicInteger();
    private volatile boolean healthy = true;
    private volatile long ejectedUntil;
    private volatile String reason = "";

    public Replica(URI uri) {
        this.uri = uri;
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
    }

    public URI uri() {
        return uri;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean healthy() {
        return healthy;
    }

    public String reason() {
        return reason;
    }

    public int outstanding() {
        return outstanding.get();
    }

    void started() {
        outstanding.incrementAndGet();
    }

    void finished() {
        outstanding.decrementAndGet();
    }

    /** Out of rotation until a readiness check passes, and not before {@code minEjectionNanos} have passed. */
    void eject(String why, long minEjectionNanos) {
        ejectedUntil = System.nanoTime() + minEjectionNanos;
        reason = why;
        healthy = false;
    }

    void answered(int status, int serverErrorsToEject, long minEjectionNanos) {
        if (status >= 500) {
            if (serverErrorsInARow.incrementAndGet() >= serverErrorsToEject && healthy) {
                eject(serverErrorsToEject + " server errors in a row", minEjectionNanos);
            }
        } else if (serverErrorsInARow.get() != 0) {
            serverErrorsInARow.set(0);
        }
    }

    int checkTimedOut() {
        return checkTimeoutsInARow.incrementAndGet();
    }

    void checkAnswered() {
        checkTimeoutsInARow.set(0);
    }

    void readinessPassed() {
        if (!healthy && System.nanoTime() - ejectedUntil >= 0) {
            serverErrorsInARow.set(0);
            reason = "";
            healthy = true;
        }
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
