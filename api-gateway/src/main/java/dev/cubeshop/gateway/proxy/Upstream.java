package dev.cubeshop.gateway.proxy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.cubeshop.gateway.GatewayMetrics;
import dev.cubeshop.gateway.config.GatewayConfig.Balancing;

/**
 * The replicas of one upstream application and the balancing between the healthy ones. The replica set can be
 * replaced at any time ({@link #replaceReplicas}); replicas that stay keep their health and counters.
 */
public final class Upstream {
    private final String name;
    private final Balancing balancing;
    private volatile Replica[] replicas;
    private final AtomicInteger next = new AtomicInteger();
    private final GatewayMetrics metrics;

    public Upstream(String name, Balancing balancing, List<URI> replicas) {
        this(name, balancing, replicas, GatewayMetrics.NONE);
    }

    public Upstream(String name, Balancing balancing, List<URI> replicas, GatewayMetrics metrics) {
        this.name = name;
        this.balancing = balancing;
        this.metrics = metrics;
        this.replicas = replicas.stream().distinct().map(uri -> new Replica(uri, name, metrics))
                .toArray(Replica[]::new);
    }

    public String name() {
        return name;
    }

    public List<Replica> replicas() {
        return List.of(replicas);
    }

    public synchronized void replaceReplicas(List<URI> uris) {
        Map<URI, Replica> current = List.of(replicas).stream()
                .collect(Collectors.toMap(Replica::uri, Function.identity()));
        List<Replica> updated = new ArrayList<>();
        for (URI uri : uris.stream().distinct().toList()) {
            Replica staying = current.remove(uri);
            updated.add(staying != null ? staying : new Replica(uri, name, metrics));
        }
        replicas = updated.toArray(Replica[]::new);
        current.values().forEach(Replica::removed);
    }

    /** A healthy replica not in {@code tried}, or null when there is none. */
    public Replica choose(List<Replica> tried) {
        Replica[] all = replicas;
        int count = all.length;
        if (count == 0) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), count);
        if (balancing == Balancing.LEAST_OUTSTANDING) {
            Replica best = null;
            for (int i = 0; i < count; i++) {
                Replica candidate = all[(start + i) % count];
                if (candidate.healthy() && !tried.contains(candidate)
                        && (best == null || candidate.outstanding() < best.outstanding())) {
                    best = candidate;
                }
            }
            return best;
        }
        for (int i = 0; i < count; i++) {
            Replica candidate = all[(start + i) % count];
            if (candidate.healthy() && !tried.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
