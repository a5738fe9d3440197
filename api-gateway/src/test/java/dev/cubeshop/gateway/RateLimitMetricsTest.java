package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.cubeshop.testing.Scrape;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@TestProfile(RateLimitTest.SmallLimits.class)
class RateLimitMetricsTest {
    private static final String LIMITED = "cubeshop_gateway_rate_limited_total";

    @Test
    void everyRequestRefusedWith429IsCountedUnderItsKind() throws Exception {
        String customer = Tokens.sign(Tokens.claims("carol-" + UUID.randomUUID().toString().substring(0, 8),
                "customer"), Tokens.gatewayKey());
        Scrape before = GatewayMetricsTest.metrics();

        int refused = 0;
        for (int i = 0; i < 8; i++) {
            if (given().auth().oauth2(customer).get("/api/cart?burst=" + UUID.randomUUID()).statusCode() == 429) {
                refused++;
            }
        }

        Scrape after = GatewayMetricsTest.metrics();
        assertThat(refused).isPositive();
        assertThat(after.since(before, LIMITED, Map.of("kind", "customer"))).isEqualTo(refused);
        assertThat(after.since(before, LIMITED, Map.of("kind", "anonymous"))).isZero();
    }
}
