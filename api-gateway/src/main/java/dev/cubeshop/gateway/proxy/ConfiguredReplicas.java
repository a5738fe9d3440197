package dev.cubeshop.gateway.proxy;

import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.vertx.core.Vertx;

import dev.cubeshop.gateway.config.GatewayConfig;

/**
 * The replica lists of configuration: {@code cubeshop.gateway.upstreams.<name>.replicas} (a fixed list), or
 * {@code cubeshop.gateway.upstreams.<name>.dns} (a name re-resolved every {@code cubeshop.gateway.dns.refresh}, see
 * {@link DnsReplicas}), which wins when both are set.
 */
@DefaultBean
@ApplicationScoped
public class ConfiguredReplicas implements ReplicaSource {
    private final GatewayConfig config;
    private final DnsReplicas dns;
    private final Vertx vertx;
    private final long timer;

    ConfiguredReplicas(GatewayConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        Map<String, DnsReplicas.Name> names = new LinkedHashMap<>();
        config.upstreams().forEach((name, upstream) -> {
            if (upstream.dns().isPresent()) {
                names.put(name, DnsReplicas.Name.parse(name, upstream.dns().get()));
            } else if (upstream.replicas().isEmpty()) {
                throw new IllegalStateException("Upstream " + name + " needs cubeshop.gateway.upstreams." + name
                        + ".replicas or cubeshop.gateway.upstreams." + name + ".dns");
            }
        });
        this.dns = new DnsReplicas(names, InetAddress::getAllByName);
        if (dns.isEmpty()) {
            this.timer = -1;
        } else {
            // At start-up blocking is fine: the first health round then already has the replicas.
            dns.refresh();
            this.timer = vertx.setPeriodic(config.dns().refresh().toMillis(),
                    id -> vertx.executeBlocking(() -> {
                        dns.refresh();
                        return null;
                    }, false));
        }
    }

    @Override
    public List<URI> replicas(String upstream) {
        GatewayConfig.UpstreamConfig upstreamConfig = config.upstreams().get(upstream);
        if (upstreamConfig == null) {
            return List.of();
        }
        return upstreamConfig.dns().isPresent() ? dns.replicas(upstream) : upstreamConfig.replicas().orElseThrow();
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
