package dev.cubeshop.gateway.proxy;

import java.util.Comparator;
import java.util.List;

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
                    if (!config.upstreams().containsKey(route.upstream())) {
                        throw new IllegalStateException("Route " + e.getKey() + " names upstream '" + route.upstream()
                                + "', which has no cubeshop.gateway.upstreams." + route.upstream() + ".replicas");
                    }
                    String prefix = route.prefix().endsWith("/")
                            ? route.prefix().substring(0, route.prefix().length() - 1)
                            : route.prefix();
                    return new Route(e.getKey(), prefix, route.upstream(), route.access(),
                            route.timeout().toMillis(), route.cacheable());
                })
                .sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed())
                .toList();
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
