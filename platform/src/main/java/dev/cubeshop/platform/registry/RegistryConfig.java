package dev.cubeshop.platform.registry;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The service registry (etcd) of the native stack. Unset {@code cubeshop.registry.etcd} means no registry: compose and
 * Kubernetes find replicas through DNS instead, and nothing registers.
 */
@ConfigMapping(prefix = "cubeshop.registry")
public interface RegistryConfig {
    /** etcd's client URLs, comma-separated, e.g. http://127.0.0.1:2379. */
    Optional<String> etcd();

    /** Key namespace, so that several stacks share one etcd: /&lt;namespace&gt;/services/&lt;service&gt;/…. */
    @WithDefault("cubeshop")
    String namespace();

    /** How long a replica stays registered after its last renewal: the bound for dropping a killed replica. */
    @WithDefault("5s")
    Duration ttl();

    /** How often readers (the gateway) list the registry again. */
    @WithDefault("1s")
    Duration refresh();

    /** Bound of each call to etcd. */
    @WithDefault("1s")
    Duration timeout();

    /** The host others reach this replica on; defaults to quarkus.http.host, or this machine's name when that is 0.0.0.0. */
    Optional<String> advertisedHost();

    /** The name this replica registers under; defaults to quarkus.application.name. */
    Optional<String> service();

    /** The registry client, or empty when none is configured. */
    default Optional<ServiceRegistry> registry() {
        return etcd().map(endpoints -> new ServiceRegistry(new Etcd(Etcd.endpoints(endpoints), timeout()),
                namespace()));
    }
}
