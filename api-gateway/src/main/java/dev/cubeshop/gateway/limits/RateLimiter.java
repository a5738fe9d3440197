package dev.cubeshop.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;

import dev.cubeshop.gateway.GatewayMetrics;
import dev.cubeshop.gateway.config.GatewayConfig;

/**
 * Token buckets per customer (token subject) and per client address (anonymous calls), held in this replica's memory:
 * with N gateway replicas behind a balancer a client gets up to N times the configured rate (see the README).
 */
@ApplicationScoped
public class RateLimiter {
    private static final long SWEEP_MILLIS = 60_000;

    private final GatewayConfig.RateLimit config;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final GatewayMetrics metrics;
    private final long sweeper;

    RateLimiter(GatewayConfig config, Vertx vertx, GatewayMetrics metrics) {
        this.config = config.rateLimit();
        this.vertx = vertx;
        this.metrics = metrics;
        // Buckets that are full again mean nothing; dropping them bounds memory to the clients of the last minute.
        this.sweeper = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
    }

    /**
     * 0 when the call may proceed, otherwise the seconds to wait (at least 1); a refusal is counted
     * ({@code cubeshop_gateway_rate_limited_total{kind="customer"}}).
     */
    public long acquireCustomer(String subject) {
        return counted(acquire("c:" + subject, config.customer()), true);
    }

    public long acquireAnonymous(String address) {
        return counted(acquire("a:" + address, config.anonymous()), false);
    }

    private long counted(long wait, boolean customer) {
        if (wait != 0) {
            metrics.rateLimited(customer);
        }
        return wait;
    }

    private long acquire(String key, GatewayConfig.Bucket limits) {
        if (!config.enabled()) {
            return 0;
        }
        long now = System.nanoTime();
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = buckets.computeIfAbsent(key,
                    k -> new TokenBucket(limits.capacity(), limits.refillPerSecond(), now));
        }
        long waitNanos = bucket.tryTake(now);
        return waitNanos == 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
    }

    private void sweep() {
        long now = System.nanoTime();
        long idleSince = now - TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
        buckets.entrySet().removeIf(entry -> entry.getValue().isIdle(now, idleSince));
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(sweeper);
    }
}
