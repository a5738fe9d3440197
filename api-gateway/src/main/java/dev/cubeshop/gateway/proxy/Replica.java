package dev.cubeshop.gateway.proxy;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cubeshop.gateway.GatewayMetrics;
import dev.cubeshop.gateway.GatewayMetrics.Ejection;

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
    private final GatewayMetrics.ReplicaMeters meters;

    public Replica(URI uri) {
        this(uri, "", GatewayMetrics.NONE);
    }

    /** A replica of {@code upstream} whose answers and ejections are counted in {@code metrics}. */
    public Replica(URI uri, String upstream, GatewayMetrics metrics) {
        this.uri = uri;
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        this.meters = metrics.replica(upstream, host + ":" + port);
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

    /**
     * Out of rotation until a readiness check passes, and not before {@code minEjectionNanos} have passed. Counted as
     * an ejection only when it was in rotation (a replica already out is ejected again by every failure).
     */
    void eject(Ejection kind, String why, long minEjectionNanos) {
        ejectedUntil = System.nanoTime() + minEjectionNanos;
        reason = why;
        if (healthy) {
            meters.ejected(kind);
        }
        healthy = false;
    }

    /** The replica answered {@code status} (a route timeout counts as 504). */
    void answered(int status, int serverErrorsToEject, long minEjectionNanos) {
        meters.answered(status);
        if (status >= 500) {
            if (serverErrorsInARow.incrementAndGet() >= serverErrorsToEject && healthy) {
                eject(Ejection.SERVER_ERRORS, serverErrorsToEject + " server errors in a row", minEjectionNanos);
            }
        } else if (serverErrorsInARow.get() != 0) {
            serverErrorsInARow.set(0);
        }
    }

    /** A connection to the replica failed, or was lost before its answer. */
    void unanswered() {
        meters.unanswered();
    }

    /** The replica left its upstream: its series leave the scrape. */
    void removed() {
        meters.remove();
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
