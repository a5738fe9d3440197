package dev.cubeshop.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the gateway needs to know about its routes and upstreams; see the README for each key. */
@ConfigMapping(prefix = "cubeshop.gateway")
public interface GatewayConfig {

    /** Upstream applications by name (inventory, cart, ...), each with its replicas. */
    Map<String, UpstreamConfig> upstreams();

    /** Public routes by name; the longest matching prefix wins. */
    Map<String, RouteConfig> routes();

    Client client();

    Health health();

    Limits limits();

    RateLimit rateLimit();

    Cache cache();

    Cors cors();

    Dns dns();

    interface UpstreamConfig {
        /** Base URIs of the replicas, e.g. http://127.0.0.1:8082,http://127.0.0.1:8182. Ignored when dns is set. */
        Optional<List<URI>> replicas();

        /**
         * A DNS name and port, e.g. cart:8081: every IPv4 address the name resolves to is a replica (Docker's DNS for a
         * scaled compose service, a Kubernetes headless Service). Takes precedence over replicas.
         */
        Optional<String> dns();

        /**
         * A service name in the registry (cubeshop.registry.etcd): every live registration under that name is a
         * replica, so replicas that start or stop join and leave within a refresh. Takes precedence over dns.
         */
        Optional<String> registry();

        @WithDefault("round-robin")
        Balancing balancing();
    }

    enum Balancing {
        ROUND_ROBIN, LEAST_OUTSTANDING
    }

    interface RouteConfig {
        /** A path prefix matched on segment boundaries: /api/cart matches /api/cart and /api/cart/items/x. */
        String prefix();

        /** The upstream that serves the route; exactly one of upstream and shards. */
        Optional<String> upstream();

        /**
         * A route partitioned by customer (the Z-axis): the upstreams of its shards, in shard order (cart-0,cart-1).
         * The token's subject picks the shard (platform's ShardMap, the lookup the shards themselves check).
         */
        Optional<List<String>> shards();

        @WithDefault("authenticated")
        Access access();

        /** From sending the request until the upstream's response headers arrive; then 504. */
        @WithDefault("10s")
        Duration timeout();

        /** Anonymous GETs on this route may be served from the gateway's cache. */
        @WithDefault("false")
        boolean cacheable();
    }

    enum Access {
        /** GET and HEAD are open to anyone; other methods need a token. */
        PUBLIC_READ,
        /** Any valid token. */
        AUTHENTICATED,
        /** A valid token with group admin. */
        ADMIN
    }

    interface Client {
        @WithDefault("500ms")
        Duration connectTimeout();

        @WithDefault("200")
        int maxConnectionsPerReplica();

        /** How many replicas one request may try when connections fail. */
        @WithDefault("3")
        int maxAttempts();
    }

    interface Health {
        @WithDefault("/q/health/ready")
        String path();

        @WithDefault("2s")
        Duration interval();

        @WithDefault("1s")
        Duration timeout();

        /** Consecutive 5xx answers that eject a replica (connection failures eject at once). */
        @WithDefault("5")
        int consecutiveServerErrors();

        /** An ejected replica stays out at least this long, then a passing readiness check re-admits it. */
        @WithDefault("2s")
        Duration minEjection();
    }

    interface Dns {
        /** How often DNS upstreams are resolved again, so that scaled replicas join and removed ones leave. */
        @WithDefault("5s")
        Duration refresh();
    }

    interface Limits {
        @WithDefault("1M")
        MemorySize maxBodySize();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Per customer (the token's subject). */
        Bucket customer();

        /** Per client address, for calls without a token. */
        Bucket anonymous();
    }

    interface Bucket {
        /** The burst: how many requests a full bucket allows at once. */
        int capacity();

        /** Tokens added per second: the sustained rate. */
        double refillPerSecond();
    }

    interface Cache {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("30s")
        Duration ttl();

        @WithDefault("10000")
        long maxEntries();
    }

    interface Cors {
        /** Exact origins (scheme://host[:port]) allowed to call the API from a browser. Empty: no CORS at all. */
        Optional<List<String>> origins();
    }
}
