package dev.cubeshop.platform.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Service instances in etcd, one key per live replica, each held by the replica's lease:
 * {@code /<namespace>/services/<service>/<host>:<port>} → {@code {"host":…,"port":…}}. A replica that stops keeping
 * its lease alive (killed, frozen, cut off) vanishes when the lease expires; one that stops gracefully revokes it and
 * vanishes at once. Readers list a service's keys; nothing else is needed, so {@code etcdctl get --prefix
 * /cubeshop/} shows the whole registry.
 */
public final class ServiceRegistry {
    private static final Logger LOG = Logger.getLogger(ServiceRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One replica of a service, where it listens. */
    public record Instance(String host, int port) {
        public Instance {
            if (host == null || host.isBlank() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("an instance needs a host and a port 1..65535, got " + host + ":"
                        + port);
            }
        }

        public String address() {
            return host + ":" + port;
        }
    }

    private final Etcd etcd;
    private final String namespace;

    public ServiceRegistry(Etcd etcd, String namespace) {
        this.etcd = etcd;
        this.namespace = namespace.replaceAll("^/+|/+$", "");
    }

    public Etcd etcd() {
        return etcd;
    }

    String servicePrefix(String service) {
        return "/" + namespace + "/services/" + service + "/";
    }

    String key(String service, Instance instance) {
        return servicePrefix(service) + instance.address();
    }

    /** The live instances of a service, sorted by address. Throws when etcd cannot be asked. */
    public List<Instance> instances(String service) throws IOException {
        List<Instance> found = new ArrayList<>();
        etcd.prefix(servicePrefix(service)).forEach((key, value) -> {
            try {
                found.add(JSON.readValue(value, Instance.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                LOG.warnf("Ignoring the malformed registry entry %s: %s", key, e.getMessage());
            }
        });
        found.sort(Comparator.comparing(Instance::host).thenComparingInt(Instance::port));
        return found;
    }

    /** Puts the instance under a new lease of {@code ttl}; returns the lease to keep alive (or revoke). */
    public long register(String service, Instance instance, Duration ttl) throws IOException {
        long lease = etcd.grant(ttl);
        etcd.put(key(service, instance), JSON.writeValueAsString(instance), lease);
        return lease;
    }
}
