package dev.cubeshop.inventory;

import static dev.cubeshop.inventory.Fixtures.product;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.cubeshop.events.OrderFailed;
import dev.cubeshop.outbox.OutboxRelay;

/**
 * The outbox's and the consumers' meters as a scrape of /q/metrics shows them, after the real thing happened: rows
 * written and relayed, events applied, duplicated and poisoned on the real broker. The scheduled relay is off here, so
 * rows stay pending until the test relays them.
 */
@QuarkusTest
@TestProfile(OutboxMetricsTest.RelayByHand.class)
class OutboxMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String CONSUMER = "consumer=\"inventory.order-failed\"";

    public static class RelayByHand implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cubeshop.outbox.enabled", "false", "cubeshop.outbox.metrics-interval", "1s");
        }
    }

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager entityManager;

    @Test
    void theBacklogGaugesShowPendingRowsAndDropToZeroOnceRelayed() {
        assertThat(metrics()).containsPattern("(?m)^cubeshop_outbox_backlog ")
                .containsPattern("(?m)^cubeshop_outbox_oldest_age_seconds ");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> value(metrics(), "cubeshop_outbox_backlog", "") == pendingRows());
        double before = value(metrics(), "cubeshop_outbox_backlog", "");

        for (int i = 0; i < 3; i++) {
            product("BACKLOG", 500, 5);
        }

        // Each new product is one StockChanged row, waiting for the relay.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String metrics = metrics();
            assertThat(value(metrics, "cubeshop_outbox_backlog", "")).isEqualTo(before + 3);
            assertThat(value(metrics, "cubeshop_outbox_oldest_age_seconds", "")).isGreaterThan(0);
        });

        while (relay.publishBatch() > 0) {
            // until nothing is pending
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String metrics = metrics();
            assertThat(value(metrics, "cubeshop_outbox_backlog", "")).isZero();
            assertThat(value(metrics, "cubeshop_outbox_oldest_age_seconds", "")).isZero();
        });
    }

    @Test
    void anAppliedEventAndItsDuplicateAreCountedApartUnderTheConsumer() throws Exception {
        String before = metrics();
        OrderFailed event = new OrderFailed(UUID.randomUUID(), Instant.now(), 1, UUID.randomUUID(), "alice",
                "PAYMENT_DECLINED", "card-declined");

        publish(event);
        await().atMost(Duration.ofSeconds(60)).until(() -> delta(before, metrics(),
                "cubeshop_consumer_events_applied_total", CONSUMER) == 1);
        publish(event);
        await().atMost(Duration.ofSeconds(60)).until(() -> delta(before, metrics(),
                "cubeshop_consumer_duplicates_skipped_total", CONSUMER) == 1);

        String after = metrics();
        assertThat(delta(before, after, "cubeshop_consumer_events_applied_total", CONSUMER)).isEqualTo(1);
        assertThat(delta(before, after, "cubeshop_consumer_retries_total", CONSUMER)).isZero();
        assertThat(after).doesNotContain(event.orderId().toString()).doesNotContain(event.eventId().toString());
    }

    @Test
    void aPoisonMessageIsCountedAsDeadLetteredUnderItsChannel() throws Exception {
        String before = metrics();

        TopicProbe.send(OrderFailed.TOPIC, "poison-" + UUID.randomUUID(), "{this is not json");

        await().atMost(Duration.ofSeconds(60)).until(() -> delta(before, metrics(),
                "cubeshop_consumer_dead_lettered_total", "channel=\"order-failed\"") >= 1);
        // Poison is never applied, whatever else this consumer did meanwhile.
        assertThat(delta(before, metrics(), "cubeshop_consumer_events_applied_total", CONSUMER)).isZero();
    }

    private static void publish(OrderFailed event) throws Exception {
        TopicProbe.send(OrderFailed.TOPIC, event.orderId().toString(), JSON.writeValueAsString(event));
    }

    private long pendingRows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from outbox where published_at is null").getSingleResult())
                .longValue());
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double delta(String before, String after, String name, String label) {
        return value(after, name, label) - value(before, name, label);
    }

    /** The sample of {@code name} whose labels contain {@code label}; 0 when there is none, NaN stays NaN. */
    private static double value(String metrics, String name, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)})? (\\S+)$").matcher(metrics);
        while (matcher.find()) {
            String labels = matcher.group(1) == null ? "" : matcher.group(1);
            if (labels.contains(label)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }
}
