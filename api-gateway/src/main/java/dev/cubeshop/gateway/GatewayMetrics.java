package dev.cubeshop.gateway;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The gateway's own meters (Prometheus: {@code cubeshop_gateway_*}). Tag values come from small, fixed sets (upstream
 * names, the replicas' host:port, status classes), never from a request: no path, SKU, customer or address.
 * <ul>
 * <li>{@code cubeshop.gateway.upstream.requests{upstream, replica, outcome}}: every attempt at a replica, by the
 * class of its answer ({@code 2xx} … {@code 5xx}; a route timeout counts as {@code 5xx}, the gateway answers 504) or
 * {@code error} when the connection failed or was lost. A request retried on another replica counts on both.</li>
 * <li>{@code cubeshop.gateway.ejections{upstream, replica, reason}}: a replica taken out of rotation
 * ({@code connection}, {@code readiness}, {@code server-errors}).</li>
 * <li>{@code cubeshop.gateway.rate.limited{kind}}: requests answered 429 ({@code customer}, {@code anonymous}).</li>
 * <li>{@code cubeshop.gateway.cache.lookups{result}}: catalog cache lookups ({@code hit}, {@code miss}).</li>
 * </ul>
 */
@Singleton
public class GatewayMetrics {
    static final String UPSTREAM_REQUESTS = "cubeshop.gateway.upstream.requests";
    static final String EJECTIONS = "cubeshop.gateway.ejections";
    static final String RATE_LIMITED = "cubeshop.gateway.rate.limited";
    static final String CACHE_LOOKUPS = "cubeshop.gateway.cache.lookups";

    /** Meters that go nowhere: for upstreams built outside the application (unit tests). */
    public static final GatewayMetrics NONE = new GatewayMetrics(new CompositeMeterRegistry());

    public enum Ejection {
        CONNECTION("connection"), READINESS("readiness"), SERVER_ERRORS("server-errors");

        final String tag;

        Ejection(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    private final Counter customerLimited;
    private final Counter anonymousLimited;
    private final Counter cacheHits;
    private final Counter cacheMisses;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.customerLimited = rateLimited("customer");
        this.anonymousLimited = rateLimited("anonymous");
        this.cacheHits = cacheLookups("hit");
        this.cacheMisses = cacheLookups("miss");
    }

    public ReplicaMeters replica(String upstream, String replica) {
        return new ReplicaMeters(registry, upstream, replica);
    }

    public void rateLimited(boolean customer) {
        (customer ? customerLimited : anonymousLimited).increment();
    }

    public void cacheLookup(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    private Counter rateLimited(String kind) {
        return Counter.builder(RATE_LIMITED).tag("kind", kind)
                .description("Requests refused with 429 by this gateway replica's rate limits").register(registry);
    }

    private Counter cacheLookups(String result) {
        return Counter.builder(CACHE_LOOKUPS).tag("result", result)
                .description("Anonymous catalog reads looked up in this gateway replica's cache").register(registry);
    }

    /**
     * One replica's counters, made when the replica joins its upstream and removed when it leaves (replicas come and
     * go with scaling; their series should not stay forever).
     */
    public static final class ReplicaMeters {
        private final MeterRegistry registry;
        private final String upstream;
        private final String replica;
        /** By status class: [0] connection error, [1..5] 1xx..5xx. */
        private final Counter[] requests = new Counter[6];
        /** By reason, registered with the replica so that each series exists (at 0) before the first ejection. */
        private final java.util.Map<Ejection, Counter> ejections = new java.util.EnumMap<>(Ejection.class);

        ReplicaMeters(MeterRegistry registry, String upstream, String replica) {
            this.registry = registry;
            this.upstream = upstream;
            this.replica = replica;
            requests[0] = requests("error");
            for (int statusClass = 1; statusClass <= 5; statusClass++) {
                requests[statusClass] = requests(statusClass + "xx");
            }
            for (Ejection reason : Ejection.values()) {
                ejections.put(reason, Counter.builder(EJECTIONS)
                        .tags("upstream", upstream, "replica", replica, "reason", reason.tag)
                        .description("Replicas taken out of rotation").register(registry));
            }
        }

        public void answered(int status) {
            int statusClass = status / 100;
            requests[statusClass >= 1 && statusClass <= 5 ? statusClass : 0].increment();
        }

        public void unanswered() {
            requests[0].increment();
        }

        public void ejected(Ejection reason) {
            ejections.get(reason).increment();
        }

        public void remove() {
            registry.find(UPSTREAM_REQUESTS).tags("upstream", upstream, "replica", replica).meters()
                    .forEach(registry::remove);
            registry.find(EJECTIONS).tags("upstream", upstream, "replica", replica).meters()
                    .forEach(registry::remove);
        }

        private Counter requests(String outcome) {
            return Counter.builder(UPSTREAM_REQUESTS).tags("upstream", upstream, "replica", replica, "outcome", outcome)
                    .description("Attempts at an upstream replica, by the class of its answer").register(registry);
        }
    }
}
