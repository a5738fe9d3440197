package dev.cubeshop.gateway.proxy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.vertx.core.Vertx;

import dev.cubeshop.gateway.config.GatewayConfig;
import dev.cubeshop.platform.registry.RegistryConfig;
import dev.cubeshop.platform.registry.ServiceRegistry;

/**
 * The replica lists of configuration, per upstream the first of: {@code cubeshop.gateway.upstreams.<name>.registry}
 * (a service in the registry, listed again every {@code cubeshop.registry.refresh}, see {@link RegistryReplicas}),
 * {@code .dns} (a name re-resolved every {@code cubeshop.gateway.dns.refresh}, see {@link DnsReplicas}), or
 * {@code .replicas} (a fixed list).
 */
@DefaultBean
@ApplicationScoped
public class ConfiguredReplicas implements ReplicaSource {
    private final GatewayConfig config;
    private final DnsReplicas dns;
    private final RegistryReplicas registry;
    private final Vertx vertx;
    private final List<Long> timers = new ArrayList<>();
    private volatile Runnable changed = () -> {
    };

    ConfiguredReplicas(GatewayConfig config, RegistryConfig registryConfig, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        Map<String, DnsReplicas.Name> names = new LinkedHashMap<>();
        Map<String, String> services = new LinkedHashMap<>();
        config.upstreams().forEach((name, upstream) -> {
            if (upstream.registry().isPresent()) {
                services.put(name, upstream.registry().get());
            } else if (upstream.dns().isPresent()) {
                names.put(name, DnsReplicas.Name.parse(name, upstream.dns().get()));
            } else if (upstream.replicas().isEmpty()) {
                throw new IllegalStateException("Upstream " + name + " needs cubeshop.gateway.upstreams." + name
                        + ".replicas, .dns or .registry");
            }
        });
        this.dns = new DnsReplicas(names, InetAddress::getAllByName);
        if (!dns.isEmpty()) {
            refreshEvery(config.dns().refresh(), dns::refresh);
        }
        if (services.isEmpty()) {
            this.registry = null;
        } else {
            ServiceRegistry serviceRegistry = registryConfig.registry().orElseThrow(() -> new IllegalStateException(
                    "Upstreams " + services.keySet() + " name registry services, but cubeshop.registry.etcd is unset"));
            this.registry = new RegistryReplicas(serviceRegistry, services);
            refreshEvery(registryConfig.refresh(), registry::refresh);
        }
    }

    /**
     * Refreshes once now (blocking is fine at start-up: the first health round has the replicas), then periodically,
     * telling the {@link #onChange} listener when a list changed.
     */
    private void refreshEvery(Duration period, BooleanSupplier refresh) {
        refresh.getAsBoolean();
        timers.add(vertx.setPeriodic(period.toMillis(), id -> vertx.executeBlocking(() -> {
            if (refresh.getAsBoolean()) {
                changed.run();
            }
            return null;
        }, false)));
    }

    @Override
    public void onChange(Runnable listener) {
        this.changed = listener;
    }

    @Override
    public List<URI> replicas(String upstream) {
        GatewayConfig.UpstreamConfig upstreamConfig = config.upstreams().get(upstream);
        if (upstreamConfig == null) {
            return List.of();
        }
        if (upstreamConfig.registry().isPresent()) {
            return registry.replicas(upstream);
        }
        return upstreamConfig.dns().isPresent() ? dns.replicas(upstream) : upstreamConfig.replicas().orElseThrow();
    }

    @PreDestroy
    void stop() {
        timers.forEach(vertx::cancelTimer);
    }
}
