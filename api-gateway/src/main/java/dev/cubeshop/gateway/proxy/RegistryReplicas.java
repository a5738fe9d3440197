package dev.cubeshop.gateway.proxy;

import java.net.URI;
import java.util.List;
import java.util.Map;

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
    private final ReplicaLists<String> lists;
    private volatile boolean warned;

    /** {@code services}: upstream name → the name its replicas register under. */
    public RegistryReplicas(ServiceRegistry registry, Map<String, String> services) {
        this.registry = registry;
        this.lists = new ReplicaLists<>("registry", services);
    }

    public List<URI> replicas(String upstream) {
        return lists.get(upstream);
    }

    /** Lists every service again. Blocks on the registry. True when a replica list changed. */
    public boolean refresh() {
        return lists.refresh(this::lookUp);
    }

    private List<URI> lookUp(String upstream, String service) {
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
            return null;
        }
        warned = false;
        return found;
    }
}
