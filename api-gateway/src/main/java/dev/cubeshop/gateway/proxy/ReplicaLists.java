package dev.cubeshop.gateway.proxy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.jboss.logging.Logger;

/**
 * The last replica list of each upstream that a refreshing source (DNS, the registry) found. A refresh looks every
 * upstream up again; a lookup that answers null (it failed) keeps the upstream's list, so that a hiccup never empties
 * an upstream. Written by the refreshing worker thread, read from the event loops.
 *
 * @param <K> what an upstream is looked up by (a DNS name, a registry service)
 */
final class ReplicaLists<K> {
    private static final Logger LOG = Logger.getLogger(ReplicaLists.class);

    private final String kind;
    private final Map<String, K> lookups;
    private final Map<String, List<URI>> lists = new ConcurrentHashMap<>();

    /** {@code lookups}: upstream name → what to look it up by; {@code kind} names the source in the log. */
    ReplicaLists(String kind, Map<String, K> lookups) {
        this.kind = kind;
        this.lookups = Map.copyOf(lookups);
    }

    boolean isEmpty() {
        return lookups.isEmpty();
    }

    /** The last list found for the upstream; empty before the first successful lookup. */
    List<URI> get(String upstream) {
        return lists.getOrDefault(upstream, List.of());
    }

    /** Looks every upstream up again. True when a list changed (each change is logged). */
    boolean refresh(BiFunction<String, K, List<URI>> lookup) {
        boolean changed = false;
        for (Map.Entry<String, K> upstream : lookups.entrySet()) {
            List<URI> found = lookup.apply(upstream.getKey(), upstream.getValue());
            if (found != null && !found.equals(lists.put(upstream.getKey(), found))) {
                LOG.infof("Upstream %s (%s %s): replicas %s", upstream.getKey(), kind, upstream.getValue(), found);
                changed = true;
            }
        }
        return changed;
    }
}
