package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The gateway's own meters, read from /q/metrics after real requests through the proxy to real upstream servers. */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class GatewayMetricsTest {
    private static final String REQUESTS = "cubeshop_gateway_upstream_requests_total";
    private static final String EJECTIONS = "cubeshop_gateway_ejections_total";
    private static final String CACHE = "cubeshop_gateway_cache_lookups_total";
    private static final String INVENTORY = "upstream=\"inventory\"";

    @AfterEach
    void restore() {
        Gateway.restoreUpstreams();
    }

    @Test
    void everyAnswerIsCountedForTheReplicaThatGaveIt() {
        String path = "/api/products/count-" + UUID.randomUUID();
        String before = metrics();

        for (int i = 0; i < 30; i++) {
            given().header("Cache-Control", "no-cache").get(path).then().statusCode(200);
        }

        String after = metrics();
        int total = 0;
        for (FakeUpstream replica : FakeUpstreams.inventory) {
            String replicaTag = "replica=\"127.0.0.1:" + replica.port() + "\"";
            assertThat(delta(before, after, REQUESTS, INVENTORY, replicaTag, "outcome=\"2xx\"")).as(replica.name)
                    .isEqualTo(replica.hits(path));
            assertThat(delta(before, after, REQUESTS, INVENTORY, replicaTag, "outcome=\"5xx\"")).as(replica.name)
                    .isZero();
            total += replica.hits(path);
        }
        assertThat(total).isEqualTo(30);
        assertThat(after).doesNotContain(path);
    }

    @Test
    void aReplicaThatDiesIsCountedAsOneEjectionWhateverFailsAfterwards() {
        FakeUpstream victim = FakeUpstreams.inventory.get(2);
        String replicaTag = "replica=\"127.0.0.1:" + victim.port() + "\"";
        String before = metrics();

        victim.kill();
        Gateway.awaitState(victim, "DOWN");
        for (int i = 0; i < 10; i++) {
            given().header("Cache-Control", "no-cache").get("/api/products/eject-" + UUID.randomUUID()).then()
                    .statusCode(200);
        }
        // Health rounds go on failing for a while; none of them is another ejection.
        await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> true);

        assertThat(delta(before, metrics(), EJECTIONS, INVENTORY, replicaTag)).isEqualTo(1);
    }

    @Test
    void anAnonymousCatalogReadIsAMissThenAHit() {
        String path = "/api/products/cached-" + UUID.randomUUID();
        String before = metrics();

        given().get(path).then().statusCode(200).header("X-Cache", "MISS");
        given().get(path).then().statusCode(200).header("X-Cache", "HIT");

        String after = metrics();
        assertThat(delta(before, after, CACHE, "result=\"miss\"")).isEqualTo(1);
        assertThat(delta(before, after, CACHE, "result=\"hit\"")).isEqualTo(1);
    }

    @Test
    void routeLatenciesArePublishedAsHistogramBuckets() {
        given().get("/api/products/histogram-" + UUID.randomUUID()).then().statusCode(200);

        assertThat(metrics()).containsPattern("(?m)^http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/products/"
                + "\\{sku}\"[^}]*le=\"0\\.1\"[^}]*} ");
    }

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    /** The sum of the samples of {@code name} that carry every one of {@code labels}; 0 when there is none. */
    static double value(String metrics, String name, String... labels) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(metrics);
        double sum = 0;
        while (matcher.find()) {
            String found = matcher.group(1);
            if (Stream.of(labels).allMatch(found::contains)) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return sum;
    }
}
