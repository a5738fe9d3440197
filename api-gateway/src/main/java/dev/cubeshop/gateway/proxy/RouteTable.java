package dev.cubeshop.gateway.proxy;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.cubeshop.gateway.config.GatewayConfig;

/** The configured routes, longest prefix first, checked against the configured upstreams at start-up. */
@ApplicationScoped
public class RouteTable {
    private final List<Route> routes;

    RouteTable(GatewayConfig config) {
        this.routes = config.routes().entrySet().stream()
                .map(e -> {
                    GatewayConfig.RouteConfig route = e.getValue();
                    List<String> upstreams = upstreams(e.getKey(), route);
                    for (String upstream : upstreams) {
                        if (!config.upstreams().containsKey(upstream)) {
                            throw new IllegalStateException("Route " + e.getKey() + " names upstream '" + upstream
                                    + "', which has no cubeshop.gateway.upstreams." + upstream + ".replicas");
                        }
                    }
                    String prefix = route.prefix().endsWith("/")
                            ? route.prefix().substring(0, route.prefix().length() - 1)
                            : route.prefix();
                    return new Route(e.getKey(), prefix, upstreams, route.access(),
                            route.timeout().toMillis(), route.cacheable());
                })
                .sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed())
                .toList();
    }

    private static List<String> upstreams(String name, GatewayConfig.RouteConfig route) {
        List<String> shards = route.shards().orElse(List.of());
        if (route.upstream().isPresent() == !shards.isEmpty()) {
            throw new IllegalStateException("Route " + name + " needs exactly one of upstream and shards");
        }
        if (!shards.isEmpty() && route.access() != GatewayConfig.Access.AUTHENTICATED) {
            // The shard is the customer's: every request must carry a customer token.
            throw new IllegalStateException("Route " + name + " is sharded by customer, so its access must be "
                    + "authenticated");
        }
        return shards.isEmpty() ? List.of(route.upstream().get()) : shards;
    }

    /** The upstreams some route sends requests to. */
    public Set<String> upstreamsInUse() {
        return routes.stream().flatMap(route -> route.upstreams().stream()).collect(Collectors.toSet());
    }

    /** The route for a normalized path, or null. */
    public Route match(String path) {
        for (Route route : routes) {
            if (route.matches(path)) {
                return route;
            }
        }
        return null;
    }
}
