package dev.cubeshop.gateway.proxy;

import java.net.URI;
import java.util.List;

/**
 * Where the replica lists come from. The default reads configuration; a service registry can replace it (a CDI bean
 * of this type wins over the default). Asked once per health-check round, on the event loop: it must not block, so a
 * registry-backed implementation answers from its own refreshed snapshot.
 */
public interface ReplicaSource {
    List<URI> replicas(String upstream);
}
