package dev.cubeshop.storketcd;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.stork.api.ServiceDiscovery;
import io.smallrye.stork.api.config.ServiceConfig;
import io.smallrye.stork.api.config.ServiceDiscoveryAttribute;
import io.smallrye.stork.api.config.ServiceDiscoveryType;
import io.smallrye.stork.spi.ServiceDiscoveryProvider;
import io.smallrye.stork.spi.StorkInfrastructure;

import dev.cubeshop.platform.registry.Etcd;
import dev.cubeshop.platform.registry.ServiceRegistry;

/**
 * {@code quarkus.stork.<service>.service-discovery.type=etcd}: the replicas of a service are the instances registered
 * under {@code /<namespace>/services/<service>/} in etcd (see the platform's Registration).
 */
@ServiceDiscoveryType("etcd")
@ServiceDiscoveryAttribute(name = "endpoints", description = "etcd client URLs, comma-separated", defaultValue = "http://127.0.0.1:2379")
@ServiceDiscoveryAttribute(name = "namespace", description = "the registry's key namespace", defaultValue = "cubeshop")
@ServiceDiscoveryAttribute(name = "refresh-period", description = "how long a fetched replica list is used", defaultValue = "1S")
@ServiceDiscoveryAttribute(name = "timeout", description = "bound of one call to etcd", defaultValue = "1S")
@ApplicationScoped
public class EtcdServiceDiscoveryProvider implements ServiceDiscoveryProvider<EtcdConfiguration> {

    @Override
    public ServiceDiscovery createServiceDiscovery(EtcdConfiguration config, String serviceName,
            ServiceConfig serviceConfig, StorkInfrastructure infrastructure) {
        Duration timeout = Duration.parse("PT" + config.getTimeout());
        var registry = new ServiceRegistry(new Etcd(Etcd.endpoints(config.getEndpoints()), timeout),
                config.getNamespace());
        return new EtcdServiceDiscovery(serviceName, registry, config.getRefreshPeriod());
    }
}
