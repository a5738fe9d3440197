package dev.cubeshop.platform.warmup;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** "warm-up" is DOWN until the replica's warm-ups are done (or timed out): no traffic for a cold replica. */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {
    private final WarmingUp warmingUp;

    WarmUpReadiness(WarmingUp warmingUp) {
        this.warmingUp = warmingUp;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up").status(warmingUp.isDone()).build();
    }
}
