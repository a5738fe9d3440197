package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cubeshop.platform.sharding.ShardMap;
import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;
import dev.cubeshop.testing.Scrape;

/**
 * Metrics (issue #11) on the live stack: a checkout moves each service's own meters by what it did, and the Grafana
 * dashboard in infra/observability asks only for metrics that a real scrape of the stack has.
 */
@Order(2)
class ObservabilityIT extends SystemTest {
    /** A metric selector in PromQL: a name followed by its label matchers or a range. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[\\{\\[]");

    @Test
    void aCheckoutMovesEachServicesOwnMetricsByWhatItDid() {
        Run run = run();
        String sku = run.product(1_500, 5);
        Session customer = run.customer();
        String shard = "cart-" + new ShardMap(Stack.CART_SHARDS).shardOf(customer.user());
        assertThat(run.shop.setQuantity(customer, sku, 2).status()).isEqualTo(200);
        Map<String, Scrape> before = scrapeAll(run.stack);

        Answer order = run.shop.checkout(customer, UUID.randomUUID(), TOKEN_OK);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        JourneyIT.awaitEmptyCart(customer);
        // The outbox gauges refresh every 5 s; the consumer counters move when the event's transaction commits.
        sleep(Duration.ofSeconds(6));
        Map<String, Scrape> after = scrapeAll(run.stack);

        assertThat(delta(before, after, "checkout-orchestrator", "cubeshop_saga_outcomes_total",
                Map.of("status", "COMPLETED"))).as("completed sagas").isEqualTo(1);
        assertThat(delta(before, after, "checkout-orchestrator", "cubeshop_saga_duration_seconds_count",
                Map.of("status", "COMPLETED"))).isEqualTo(1);
        assertThat(delta(before, after, "api-gateway", "cubeshop_gateway_upstream_requests_total",
                Map.of("upstream", "checkout-orchestrator", "outcome", "2xx"))).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "api-gateway", "http_server_requests_seconds_count",
                Map.of("uri", "/api/checkout", "status", "201"))).isEqualTo(1);
        // Every earlier test waited for its carts to empty: this checkout's event is the only one the shard applies.
        // (Its replicas serve OpenMetrics, where a counter incremented in a sampled trace ends in an exemplar.)
        assertThat(delta(before, after, shard, "cubeshop_consumer_events_applied_total",
                Map.of("consumer", "cart.order-completed"))).as("OrderCompleted applied by %s", shard).isEqualTo(1);
        assertThat(delta(before, after, "inventory", "http_server_requests_seconds_count",
                Map.of("method", "POST", "status", "200"))).as("reservation calls").isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "payment", "http_server_requests_seconds_count",
                Map.of("method", "POST"))).as("charge calls").isGreaterThanOrEqualTo(1);
        for (String app : List.of("inventory", "payment", "checkout-orchestrator")) {
            assertThat(after.get(app).names()).as(app).contains("cubeshop_outbox_backlog",
                    "cubeshop_outbox_oldest_age_seconds");
        }
    }

    @Test
    void theDashboardAsksOnlyForMetricsTheStackHas() throws Exception {
        Run run = run();
        // Something of everything: a checkout (sagas, events), an anonymous cached read (the cache), a declined card.
        String sku = run.product(800, 5);
        Session customer = run.customer();
        run.shop.setQuantity(customer, sku, 1);
        assertThat(run.shop.checkout(customer, UUID.randomUUID(), TOKEN_OK).status()).isEqualTo(201);
        run.shop.product(sku);
        run.shop.product(sku);
        JourneyIT.awaitEmptyCart(customer);
        sleep(Duration.ofSeconds(6));
        Set<String> scraped = new TreeSet<>();
        scrapeAll(run.stack).values().forEach(scrape -> scraped.addAll(scrape.names()));

        Path dashboard = Path.of(System.getProperty("cubeshop.root", "..")).resolve(
                "infra/observability/cubeshop-dashboard.json");
        Set<String> asked = new TreeSet<>();
        new ObjectMapper().readTree(Files.readString(dashboard)).findValues("expr").stream()
                .map(JsonNode::asText).forEach(expr -> {
                    Matcher selector = SELECTOR.matcher(expr);
                    while (selector.find()) {
                        asked.add(selector.group(1));
                    }
                });
        System.out.printf("[system-tests] dashboard: %d metrics asked for, all among the %d scraped%n", asked.size(),
                scraped.size());
        assertThat(asked).as("metrics in the dashboard").hasSizeGreaterThan(10);
        assertThat(scraped).as("metrics a scrape of the live stack has").containsAll(asked);
    }

    @Test
    void aCheckoutIsOneTraceThroughTheGatewayTheOrchestratorAndEveryServiceItCalls() throws Exception {
        Run run = run();
        String sku = run.product(600, 5);
        Session customer = run.customer();
        String shard = "cart-" + new ShardMap(Stack.CART_SHARDS).shardOf(customer.user());
        assertThat(run.shop.setQuantity(customer, sku, 1).status()).isEqualTo(200);
        String traceId = UUID.randomUUID().toString().replace("-", "");

        Answer order = run.shop.send("POST", "/api/checkout", customer, "{\"paymentToken\": \"tok_visa\"}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString(),
                        // Not sampled (flags 00): the context travels all the same, and nothing tries to export.
                        "traceparent", "00-" + traceId + "-00f067aa0ba902b7-00"));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);

        // Every replica logs each request it serves with the traceparent it arrived with (the stack's access log):
        // the orchestrator got it from the gateway, the cart shard, inventory and payment from the orchestrator.
        for (String app : List.of("checkout-orchestrator", shard, "inventory", "payment")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long lines = requestsOfTrace(run.stack, app, traceId);
            while (lines == 0 && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(250)); // an access-log line is written when its response has been sent
                lines = requestsOfTrace(run.stack, app, traceId);
            }
            assertThat(lines).as("requests of trace %s that %s served", traceId, app).isPositive();
        }
    }

    private static long requestsOfTrace(Stack stack, String app, String traceId) {
        return IntStream.range(0, stack.replicas()).mapToObj(r -> stack.log(app, r))
                .flatMap(log -> {
                    try {
                        return Files.readAllLines(log).stream();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(line -> line.contains("\"00-" + traceId + "-")).count();
    }

    /** Every application's replicas scraped, by application (each cart shard apart). */
    private static Map<String, Scrape> scrapeAll(Stack stack) {
        Map<String, Scrape> scrapes = new java.util.TreeMap<>();
        for (String app : Stack.APPS) {
            scrapes.put(app, Scrape.of(IntStream.range(0, stack.replicas()).mapToObj(r -> stack.port(app, r))
                    .toList()));
        }
        return scrapes;
    }

    private static double delta(Map<String, Scrape> before, Map<String, Scrape> after, String app, String name,
            Map<String, String> labels) {
        return after.get(app).since(before.get(app), name, labels);
    }
}
