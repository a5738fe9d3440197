package dev.cubeshop.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * docker-compose.yml and k8s/ configure the gateway's upstreams through environment variables. A map key with a dash
 * (checkout-orchestrator) has no unambiguous environment spelling; it works because application.properties names the
 * key, which this test pins down.
 */
class UpstreamEnvironmentTest {

    @Test
    void environmentVariablesReachEveryUpstreamIncludingOneWithADashInItsName() throws IOException {
        GatewayConfig config = load(Map.of(
                "CUBESHOP_GATEWAY_UPSTREAMS_CART_DNS", "cart:8081",
                "CUBESHOP_GATEWAY_UPSTREAMS_CHECKOUT_ORCHESTRATOR_DNS", "checkout-orchestrator:8084",
                "CUBESHOP_GATEWAY_DNS_REFRESH", "3s"));

        assertThat(config.upstreams()).containsOnlyKeys("inventory", "cart", "checkout-orchestrator");
        assertThat(config.upstreams().get("cart").dns()).contains("cart:8081");
        assertThat(config.upstreams().get("checkout-orchestrator").dns()).contains("checkout-orchestrator:8084");
        assertThat(config.upstreams().get("inventory").dns()).isEmpty();
        assertThat(config.dns().refresh()).hasSeconds(3);
    }

    private static GatewayConfig load(Map<String, String> environment) throws IOException {
        URL properties = UpstreamEnvironmentTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDiscoveredConverters()
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withMapping(GatewayConfig.class)
                .build();
        return config.getConfigMapping(GatewayConfig.class);
    }
}
