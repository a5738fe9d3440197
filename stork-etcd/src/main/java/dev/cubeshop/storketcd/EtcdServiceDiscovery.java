package dev.cubeshop.storketcd;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.stork.api.ServiceInstance;
import io.smallrye.stork.impl.CachingServiceDiscovery;
import io.smallrye.stork.impl.DefaultServiceInstance;
import io.smallrye.stork.utils.ServiceInstanceIds;

import dev.cubeshop.platform.registry.ServiceRegistry;

/**
 * A service's replicas from etcd, fetched again once the list is older than the refresh period (off the event loop,
 * the etcd call blocks). A replica that stays keeps its instance (and id), so balancers keep their statistics. When
 * etcd cannot be asked the last list is kept: a registry outage must not take the callers down with it; replicas that
 * are really gone fail their calls, which the clients retry on another replica.
 */
final class EtcdServiceDiscovery extends CachingServiceDiscovery {
    private static final Logger LOG = Logger.getLogger(EtcdServiceDiscovery.class);

    private final String service;
    private final ServiceRegistry registry;
    private volatile boolean warned;

    EtcdServiceDiscovery(String service, ServiceRegistry registry, String refreshPeriod) {
        super(refreshPeriod);
        this.service = service;
        this.registry = registry;
    }

    @Override
    public Uni<List<ServiceInstance>> fetchNewServiceInstances(List<ServiceInstance> previous) {
        return Uni.createFrom().item(() -> fetch(previous)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private List<ServiceInstance> fetch(List<ServiceInstance> previous) {
        List<ServiceRegistry.Instance> live;
        try {
            live = registry.instances(service);
        } catch (Exception e) {
            if (!warned) {
                LOG.warnf("Cannot list %s in the registry (%s); keeping %d known replicas", service, e.toString(),
                        previous.size());
                warned = true;
            }
            return previous;
        }
        warned = false;
        Map<String, ServiceInstance> known = previous.stream()
                .collect(Collectors.toMap(i -> i.getHost() + ":" + i.getPort(), Function.identity(), (a, b) -> a));
        List<ServiceInstance> instances = live.stream()
                .map(i -> known.getOrDefault(i.address(),
                        new DefaultServiceInstance(ServiceInstanceIds.next(), i.host(), i.port(), false)))
                .toList();
        if (instances.size() != previous.size() || !known.keySet().containsAll(
                live.stream().map(ServiceRegistry.Instance::address).toList())) {
            LOG.infof("Replicas of %s: %s", service, live.stream().map(ServiceRegistry.Instance::address).toList());
        }
        return instances;
    }
}
