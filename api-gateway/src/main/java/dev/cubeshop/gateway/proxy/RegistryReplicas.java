package dev.cubeshop.gateway.proxy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.cubeshop.platform.registry.ServiceRegistry;

/**
 * Replica lists from the service registry (etcd in the native stack): upstream {@code cart} with registry name
 * {@code cart} has one replica {@code http://<host>:<port>} per live registration. {@link #refresh()} lists every
 * service again (it blocks: call it off the event loop); {@link #replicas} answers from the last snapshot. An empty
 * answer is the truth (every replica left); a failed one keeps the previous snapshot, so that a registry outage does
 * not empty the upstreams.
 */
public final class RegistryReplicas {
    private static final Logger LOG = Logger.getLogger(RegistryReplicas.class);

    private final ServiceRegistry registry;
    private final Map<String, String> services;
    private final Map<String, List<URI>> snapshot = new ConcurrentHashMap<>();
    private volatile boolean warned;

    /** {@code services}: upstream name → the name its replicas register under. */
    public RegistryReplicas(ServiceRegistry registry, Map<String, String> services) {
        this.registry = registry;
        this.services = Map.copyOf(services);
    }

    public List<URI> replicas(String upstream) {
        return snapshot.getOrDefault(upstream, List.of());
    }

    /** Lists every service again. Blocks on the registry. True when a replica list changed. */
    public boolean refresh() {
        boolean changed = false;
        for (Map.Entry<String, String> service : services.entrySet()) {
            changed |= refresh(service.getKey(), service.getValue());
        }
        return changed;
    }

    private boolean refresh(String upstream, String service) {
        List<URI> found;
        try {
            found = registry.instances(service).stream()
                    .map(instance -> URI.create("http://" + instance.address())).toList();
        } catch (Exception e) {
            if (!warned) {
                LOG.warnf("Listing %s in the registry failed (%s); keeping %s", service, e.toString(),
                        replicas(upstream));
                warned = true;
            }
            return false;
        }
        warned = false;
        List<URI> previous = snapshot.put(upstream, found);
        if (Objects.equals(previous, found)) {
            return false;
        }
        LOG.infof("Upstream %s (registry %s): replicas %s", upstream, service, found);
        return true;
    }
}
