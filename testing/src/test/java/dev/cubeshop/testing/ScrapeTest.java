package dev.cubeshop.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** Lines as the services' /q/metrics serve them (OpenMetrics, as Quarkus answers a scrape without an Accept header). */
class ScrapeTest {
    /** A counter incremented while a sampled span was current: the exemplar's "1.0" is not the counter's value. */
    private static final String EXEMPLAR = "cubeshop_consumer_events_applied_total{consumer=\"cart.order-completed\"} "
            + "16.0 # {span_id=\"a802312c557780fb\",trace_id=\"9eff7520dbcb426ba3ede1de88dc72f4\"} 1.0 1795624846.387";

    @Test
    void aSampleWithAnExemplarCountsItsOwnValueAndLabels() {
        Scrape scrape = Scrape.parse("""
                # TYPE cubeshop_consumer_events_applied counter
                %s
                cubeshop_consumer_events_applied_total{consumer="inventory.order-failed"} 3.0
                # EOF
                """.formatted(EXEMPLAR));

        assertThat(scrape.sum("cubeshop_consumer_events_applied_total", Map.of("consumer", "cart.order-completed")))
                .isEqualTo(16.0);
        assertThat(scrape.sum("cubeshop_consumer_events_applied_total")).isEqualTo(19.0);
        assertThat(scrape.sum("cubeshop_consumer_events_applied_total", Map.of("trace_id",
                "9eff7520dbcb426ba3ede1de88dc72f4"))).as("an exemplar's labels are not the sample's").isZero();
    }

    @Test
    void labelValuesMayHoldBracesQuotesAndCommasAndSamplesMayHaveTimestamps() {
        Scrape scrape = Scrape
                .parse("""
                        http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/api/products/{sku}"} 2.0
                        http_server_requests_seconds_count{method="GET",status="200",uri="/api/products"} 5.0 1795624846.387
                        odd_total{text="a \\"quoted\\", braced } value",} 7
                        cubeshop_outbox_backlog 4.0
                        cubeshop_outbox_oldest_age_seconds NaN
                        cubeshop_saga_duration_seconds_bucket{le="+Inf",status="COMPLETED"} 9.0
                        """);

        assertThat(scrape.sum("http_server_requests_seconds_count", Map.of("uri", "/api/products/{sku}")))
                .isEqualTo(2.0);
        assertThat(scrape.sum("http_server_requests_seconds_count", Map.of("status", "200"))).isEqualTo(7.0);
        assertThat(scrape.sum("odd_total", Map.of("text", "a \"quoted\", braced } value"))).isEqualTo(7.0);
        assertThat(scrape.sum("cubeshop_outbox_backlog")).isEqualTo(4.0);
        assertThat(scrape.sum("cubeshop_outbox_oldest_age_seconds")).isNaN();
        assertThat(scrape.sum("cubeshop_saga_duration_seconds_bucket", Map.of("le", "+Inf"))).isEqualTo(9.0);
        assertThat(scrape.sum("absent_total")).isZero();
        assertThat(scrape.names()).containsExactly("cubeshop_outbox_backlog", "cubeshop_outbox_oldest_age_seconds",
                "cubeshop_saga_duration_seconds_bucket", "http_server_requests_seconds_count", "odd_total");
    }

    @Test
    void sinceIsTheMoveOfTheSumBetweenTwoScrapes() {
        Scrape before = Scrape.parse("saga_total{status=\"COMPLETED\"} 4.0\nsaga_total{status=\"FAILED\"} 1.0\n");
        Scrape after = Scrape.parse(EXEMPLAR.replace("cubeshop_consumer_events_applied_total", "saga_total")
                .replace("consumer=\"cart.order-completed\"", "status=\"COMPLETED\"")
                + "\nsaga_total{status=\"FAILED\"} 1.0");

        assertThat(after.since(before, "saga_total", Map.of("status", "COMPLETED"))).isEqualTo(12.0);
        assertThat(after.since(before, "saga_total", Map.of("status", "FAILED"))).isZero();
    }

    @Test
    void aSeriesAtZeroIsPresentWhereAnAbsentOneIsNot() {
        Scrape scrape = Scrape.parse("retries_total{consumer=\"a\"} 0.0\nretries_total{consumer=\"b\"} 3.0\n");

        assertThat(scrape.has("retries_total", Map.of("consumer", "a"))).isTrue();
        assertThat(scrape.sum("retries_total", Map.of("consumer", "a"))).isZero();
        assertThat(scrape.has("retries_total", Map.of("consumer", "c"))).isFalse();
        assertThat(scrape.sum("retries_total", Map.of("consumer", "c"))).isZero();
        assertThat(scrape.has("retries_total", Map.of())).isTrue();
        assertThat(scrape.has("applied_total", Map.of())).isFalse();
    }

    @Test
    void aLineThatIsNoSampleIsRefusedRatherThanReadAsZero() {
        for (String line : List.of("name{label=\"unterminated} 1.0", "name{label=unquoted} 1.0", "name", "name one")) {
            assertThatThrownBy(() -> Scrape.parse(line)).as(line).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(line);
        }
    }

    @Test
    void aScrapeOfSeveralReplicasSumsTheirSamples() throws IOException {
        HttpServer first = replica("jobs_total{kind=\"a\"} 2.0\n");
        HttpServer second = replica("jobs_total{kind=\"a\"} 3.0 # {trace_id=\"x\"} 1.0\n");
        try {
            Scrape scrape = Scrape.of(List.of(first.getAddress().getPort(), second.getAddress().getPort()));
            assertThat(scrape.sum("jobs_total", Map.of("kind", "a"))).isEqualTo(5.0);
        } finally {
            first.stop(0);
            second.stop(0);
        }
    }

    private static HttpServer replica(String metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/metrics", exchange -> {
            byte[] body = metrics.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
