package dev.cubeshop.platform;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness that asks the broker itself. Quarkus' own Kafka check waits for the admin client's default API timeout
 * (a minute) when the broker is gone; a readiness probe must answer in a couple of seconds, so this one bounds the
 * call. Applications that use no broker simply leave {@code kafka.bootstrap.servers} unset.
 */
@Readiness
@ApplicationScoped
public class KafkaBrokerReadiness implements HealthCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Optional<String> bootstrapServers;
    private volatile Admin admin;

    KafkaBrokerReadiness(@ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Kafka broker");
        if (bootstrapServers.isEmpty()) {
            return response.up().withData("broker", "not used").build();
        }
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).size();
            return response.status(nodes > 0).withData("nodes", nodes).build();
        } catch (Exception e) {
            return response.down().withData("reason", String.valueOf(e.getMessage())).build();
        }
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.orElseThrow(),
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000,
                            AdminClientConfig.CLIENT_ID_CONFIG, "readiness"));
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
