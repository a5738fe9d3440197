package dev.cubeshop.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.Wellness;

import dev.cubeshop.gateway.proxy.Replica;
import dev.cubeshop.gateway.proxy.UpstreamRegistry;

/**
 * What the gateway thinks of each replica, at /q/health/well. Not readiness: a gateway whose upstreams are all down is
 * still ready to answer (with 503 problems), and restarting it would not help.
 */
@Wellness
@ApplicationScoped
public class UpstreamsWellness implements HealthCheck {
    private final UpstreamRegistry registry;

    UpstreamsWellness(UpstreamRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Upstreams").up();
        registry.all().forEach((name, upstream) -> {
            for (Replica replica : upstream.replicas()) {
                response.withData(name + " " + replica.uri(),
                        replica.healthy() ? "UP" : "DOWN (" + replica.reason() + ")");
            }
        });
        return response.build();
    }
}
