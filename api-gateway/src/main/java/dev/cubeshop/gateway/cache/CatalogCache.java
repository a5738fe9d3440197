package dev.cubeshop.gateway.cache;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import dev.cubeshop.gateway.GatewayMetrics;
import dev.cubeshop.gateway.config.GatewayConfig;

/**
 * Public catalog answers by request URI, for a short TTL (bounded further by the upstream's max-age). Entries for a
 * product and every catalog list are dropped when its stock changes. A generation counter closes the race of a
 * response fetched before an invalidation and stored after it: such a response is not stored.
 */
@ApplicationScoped
public class CatalogCache {
    private final Cache<String, CachedResponse> entries;
    private final boolean enabled;
    private final long ttlNanos;
    private final AtomicLong generation = new AtomicLong();
    private final GatewayMetrics metrics;

    CatalogCache(GatewayConfig config, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.enabled = config.cache().enabled();
        this.ttlNanos = config.cache().ttl().toNanos();
        this.entries = Caffeine.newBuilder()
                .maximumSize(config.cache().maxEntries())
                .expireAfter(new Expiry<String, CachedResponse>() {
                    @Override
                    public long expireAfterCreate(String key, CachedResponse value, long currentTime) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, CachedResponse value, long currentTime,
                            long currentDuration) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, CachedResponse value, long currentTime,
                            long currentDuration) {
                        return currentDuration;
                    }
                })
                // Maintenance on the calling thread: no hand-off to the common ForkJoinPool per write.
                .executor(Runnable::run)
                .build();
    }

    public boolean enabled() {
        return enabled;
    }

    /** The stored answer, or null; counted as a hit or a miss ({@code cubeshop_gateway_cache_lookups_total}). */
    public CachedResponse get(String uri) {
        CachedResponse cached = entries.getIfPresent(uri);
        metrics.cacheLookup(cached != null);
        return cached;
    }

    public long generation() {
        return generation.get();
    }

    /**
     * Stores the answer unless the upstream forbids it or an invalidation happened since {@code generationAtRequest}.
     * Returns whether it was stored.
     */
    public boolean put(String uri, CachedResponse response, String cacheControl, long generationAtRequest) {
        long ttl = ttlFor(cacheControl);
        if (ttl <= 0) {
            return false;
        }
        CachedResponse stored = new CachedResponse(response.status(), response.headers(), response.body(),
                response.storedAtNanos(), ttl);
        synchronized (this) {
            if (generation.get() != generationAtRequest) {
                return false;
            }
            entries.put(uri, stored);
        }
        return true;
    }

    /** Drops the product's own entries and every list (lists show availability too). */
    public void productChanged(String sku) {
        String product = "/api/products/" + sku;
        synchronized (this) {
            generation.incrementAndGet();
            entries.asMap().keySet().removeIf(uri -> isList(uri) || uri.equals(product)
                    || uri.startsWith(product + "?") || uri.startsWith(product + "/"));
        }
    }

    public void clear() {
        synchronized (this) {
            generation.incrementAndGet();
            entries.invalidateAll();
        }
    }

    private static boolean isList(String uri) {
        return uri.equals("/api/products") || uri.startsWith("/api/products?") || uri.equals("/api/products/")
                || uri.startsWith("/api/products/?");
    }

    /** The configured TTL, shortened by max-age/s-maxage; 0 for no-store, private or no-cache answers. */
    long ttlFor(String cacheControl) {
        if (cacheControl == null || cacheControl.isBlank()) {
            return ttlNanos;
        }
        long ttl = ttlNanos;
        for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
            String d = directive.trim();
            if (d.equals("no-store") || d.equals("private") || d.equals("no-cache") || d.startsWith("private=")
                    || d.startsWith("no-cache=")) {
                return 0;
            }
            if (d.startsWith("max-age=") || d.startsWith("s-maxage=")) {
                try {
                    long seconds = Long.parseLong(d.substring(d.indexOf('=') + 1).replace("\"", ""));
                    ttl = Math.min(ttl, TimeUnit.SECONDS.toNanos(Math.max(0, seconds)));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return ttl;
    }
}
