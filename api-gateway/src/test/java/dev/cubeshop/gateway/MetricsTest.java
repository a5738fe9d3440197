package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.cubeshop.testing.Scrape;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class MetricsTest {
    private static final Map<String, String> PRODUCT_READS = Map.of("status", "200", "uri", "/api/products/{sku}");

    @Test
    void proxiedReadsAreCountedUnderTheRouteTemplateNotTheRawPath() {
        String sku = "metrics-" + UUID.randomUUID();
        Scrape before = GatewayMetricsTest.metrics();

        given().get("/api/products/" + sku).then().statusCode(200);
        given().get("/api/products/" + sku).then().statusCode(200);

        String text = GatewayMetricsTest.metricsText();
        assertThat(Scrape.parse(text).since(before, "http_server_requests_seconds_count", PRODUCT_READS))
                .isEqualTo(2.0);
        assertThat(text).doesNotContain(sku);
    }
}
