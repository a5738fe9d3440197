package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.cubeshop.testing.Scrape;

/** The gateway's own meters, read from /q/metrics after real requests through the proxy to real upstream servers. */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class GatewayMetricsTest {
    private static final String REQUESTS = "cubeshop_gateway_upstream_requests_total";
    private static final String EJECTIONS = "cubeshop_gateway_ejections_total";
    private static final String CACHE = "cubeshop_gateway_cache_lookups_total";
    private static final String INVENTORY = "inventory";

    @AfterEach
    void restore() {
        Gateway.restoreUpstreams();
    }

    @Test
    void everyAnswerIsCountedForTheReplicaThatGaveIt() {
        String path = "/api/products/count-" + UUID.randomUUID();
        Scrape before = metrics();

        for (int i = 0; i < 30; i++) {
            given().header("Cache-Control", "no-cache").get(path).then().statusCode(200);
        }

        String text = metricsText();
        Scrape after = Scrape.parse(text);
        int total = 0;
        for (FakeUpstream replica : FakeUpstreams.inventory) {
            String replicaTag = "127.0.0.1:" + replica.port();
            assertThat(after.since(before, REQUESTS,
                    Map.of("upstream", INVENTORY, "replica", replicaTag, "outcome", "2xx"))).as(replica.name)
                    .isEqualTo(replica.hits(path));
            assertThat(after.since(before, REQUESTS,
                    Map.of("upstream", INVENTORY, "replica", replicaTag, "outcome", "5xx"))).as(replica.name)
                    .isZero();
            total += replica.hits(path);
        }
        assertThat(total).isEqualTo(30);
        assertThat(text).doesNotContain(path);
    }

    @Test
    void aReplicaThatDiesIsCountedAsOneEjectionWhateverFailsAfterwards() {
        FakeUpstream victim = FakeUpstreams.inventory.get(2);
        String replicaTag = "127.0.0.1:" + victim.port();
        Scrape before = metrics();

        victim.kill();
        Gateway.awaitState(victim, "DOWN");
        for (int i = 0; i < 10; i++) {
            given().header("Cache-Control", "no-cache").get("/api/products/eject-" + UUID.randomUUID()).then()
                    .statusCode(200);
        }
        // Health rounds go on failing for a while; none of them is another ejection.
        await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> true);

        assertThat(metrics().since(before, EJECTIONS, Map.of("upstream", INVENTORY, "replica", replicaTag)))
                .isEqualTo(1);
    }

    @Test
    void anAnonymousCatalogReadIsAMissThenAHit() {
        String path = "/api/products/cached-" + UUID.randomUUID();
        Scrape before = metrics();

        given().get(path).then().statusCode(200).header("X-Cache", "MISS");
        given().get(path).then().statusCode(200).header("X-Cache", "HIT");

        Scrape after = metrics();
        assertThat(after.since(before, CACHE, Map.of("result", "miss"))).isEqualTo(1);
        assertThat(after.since(before, CACHE, Map.of("result", "hit"))).isEqualTo(1);
    }

    @Test
    void routeLatenciesArePublishedAsHistogramBuckets() {
        given().get("/api/products/histogram-" + UUID.randomUUID()).then().statusCode(200);

        assertThat(metricsText()).containsPattern("(?m)^http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/products/"
                + "\\{sku}\"[^}]*le=\"0\\.1\"[^}]*} ");
    }

    static Scrape metrics() {
        return Scrape.parse(metricsText());
    }

    static String metricsText() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
