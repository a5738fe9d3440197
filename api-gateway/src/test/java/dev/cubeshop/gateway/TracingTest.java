package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The gateway continues the caller's trace: the request it forwards carries a traceparent of the same trace with the
 * gateway's own span as parent, sampled as the gateway decides (here ratio 0, the default), not as the caller asked;
 * a caller without one still gets a trace begun at the gateway.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class TracingTest {
    private static final String TRACEPARENT = "00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]";

    @Test
    void theForwardedRequestContinuesTheCallersTraceButNotItsSampledFlag() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String sku = "trace-" + UUID.randomUUID();
        given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .header("Cache-Control", "no-cache").get("/api/products/" + sku).then().statusCode(200);

        String forwarded = header("/api/products/" + sku);
        assertThat(forwarded).matches(TRACEPARENT).startsWith("00-" + traceId + "-").endsWith("-00")
                .doesNotContain("00f067aa0ba902b7");
    }

    @Test
    void aCallerWithoutATraceGetsOneBegunAtTheGateway() {
        String sku = "trace-" + UUID.randomUUID();
        given().header("Cache-Control", "no-cache").get("/api/products/" + sku).then().statusCode(200);

        assertThat(header("/api/products/" + sku)).matches(TRACEPARENT).doesNotStartWith("00-00000000000000000000");
    }

    private static String header(String path) {
        return FakeUpstreams.inventory.stream().map(replica -> replica.lastHeaders(path))
                .filter(headers -> headers != null).map(headers -> headers.get("traceparent")).findFirst()
                .orElse(null);
    }
}
