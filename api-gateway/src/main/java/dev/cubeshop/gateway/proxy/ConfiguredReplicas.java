package dev.cubeshop.gateway.proxy;

import java.net.URI;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

import dev.cubeshop.gateway.config.GatewayConfig;

/** The replica lists of {@code cubeshop.gateway.upstreams.<name>.replicas}. */
@DefaultBean
@ApplicationScoped
public class ConfiguredReplicas implements ReplicaSource {
    private final GatewayConfig config;

    ConfiguredReplicas(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public List<URI> replicas(String upstream) {
        GatewayConfig.UpstreamConfig upstreamConfig = config.upstreams().get(upstream);
        return upstreamConfig == null ? List.of() : upstreamConfig.replicas();
    }
}
