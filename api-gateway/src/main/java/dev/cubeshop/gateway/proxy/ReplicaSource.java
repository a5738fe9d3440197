package dev.cubeshop.gateway.proxy;

import java.net.URI;
import java.util.List;

/**
 * Where the replica lists come from. The default reads configuration; a service registry can replace it (a CDI bean
 * of this type wins over the default). Asked once per health-check round, on the event loop, and whenever the source
 * says a list changed: it must not block, so a registry-backed implementation answers from its own refreshed snapshot.
 */
public interface ReplicaSource {
    List<URI> replicas(String upstream);

    /**
     * Runs {@code listener} (on any thread) each time a refresh changed a replica list, so that a replica that
     * registered or left is balanced over, or no longer, without waiting for the next health-check round. A source
     * that never changes need not call it.
     */
    default void onChange(Runnable listener) {}
}
