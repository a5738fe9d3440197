package dev.cubeshop.gateway.proxy;

import java.util.List;

import dev.cubeshop.gateway.config.GatewayConfig.Access;
import dev.cubeshop.platform.sharding.ShardMap;

/**
 * A public path prefix, the upstream that serves it (or the upstreams of its shards, one per shard, picked by the
 * customer), who may call it, its timeout and whether it is cacheable.
 */
public record Route(String name, String prefix, List<String> upstreams, Access access, long timeoutMillis,
        boolean cacheable) {

    public Route {
        upstreams = List.copyOf(upstreams);
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("route " + name + " has no upstream");
        }
    }

    boolean matches(String path) {
        return path.startsWith(prefix)
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    public boolean sharded() {
        return upstreams.size() > 1;
    }

    /** The upstream for a caller: the only one, or the one of the shard that owns the customer. */
    public String upstreamFor(String customerId) {
        return sharded() ? upstreams.get(new ShardMap(upstreams.size()).shardOf(customerId)) : upstreams.getFirst();
    }
}
