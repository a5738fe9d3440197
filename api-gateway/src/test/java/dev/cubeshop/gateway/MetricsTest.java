package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class MetricsTest {
    private static final Pattern PRODUCT_READS = Pattern.compile(
            "(?m)^http_server_requests_seconds_count\\{[^}]*status=\"200\"[^}]*uri=\"/api/products/\\{sku}\"[^}]*} (\\S+)$");

    @Test
    void proxiedReadsAreCountedUnderTheRouteTemplateNotTheRawPath() {
        String sku = "metrics-" + UUID.randomUUID();
        double before = productReads(metrics());

        given().get("/api/products/" + sku).then().statusCode(200);
        given().get("/api/products/" + sku).then().statusCode(200);

        String after = metrics();
        assertThat(productReads(after) - before).isEqualTo(2.0);
        assertThat(after).doesNotContain(sku);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double productReads(String metrics) {
        Matcher matcher = PRODUCT_READS.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
