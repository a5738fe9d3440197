package dev.cubeshop.inventory;

import static dev.cubeshop.inventory.Fixtures.product;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

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
import dev.cubeshop.outbox.ProcessedEvents;
import dev.cubeshop.testing.Scrape;

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
    private static final Map<String, String> CONSUMER = Map.of("consumer", "inventory.order-failed");

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

    @Inject
    ProcessedEvents processedEvents;

    @Test
    void theBacklogGaugesShowPendingRowsAndDropToZeroOnceRelayed() {
        assertThat(metrics().names()).contains("cubeshop_outbox_backlog", "cubeshop_outbox_oldest_age_seconds");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> metrics().sum("cubeshop_outbox_backlog") == pendingRows());
        double before = metrics().sum("cubeshop_outbox_backlog");

        for (int i = 0; i < 3; i++) {
            product("BACKLOG", 500, 5);
        }

        // Each new product is one StockChanged row, waiting for the relay.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Scrape metrics = metrics();
            assertThat(metrics.sum("cubeshop_outbox_backlog")).isEqualTo(before + 3);
            assertThat(metrics.sum("cubeshop_outbox_oldest_age_seconds")).isGreaterThan(0);
        });

        while (relay.publishBatch() > 0) {
            // until nothing is pending
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Scrape metrics = metrics();
            assertThat(metrics.sum("cubeshop_outbox_backlog")).isZero();
            assertThat(metrics.sum("cubeshop_outbox_oldest_age_seconds")).isZero();
        });
    }

    @Test
    void anAppliedEventAndItsDuplicateAreCountedApartUnderTheConsumer() throws Exception {
        Scrape before = metrics();
        OrderFailed event = new OrderFailed(UUID.randomUUID(), Instant.now(), 1, UUID.randomUUID(), "alice",
                "PAYMENT_DECLINED", "card-declined");

        publish(event);
        await().atMost(Duration.ofSeconds(60)).until(() -> metrics().since(before,
                "cubeshop_consumer_events_applied_total", CONSUMER) == 1);
        publish(event);
        await().atMost(Duration.ofSeconds(60)).until(() -> metrics().since(before,
                "cubeshop_consumer_duplicates_skipped_total", CONSUMER) == 1);

        String text = metricsText();
        Scrape after = Scrape.parse(text);
        assertThat(after.since(before, "cubeshop_consumer_events_applied_total", CONSUMER)).isEqualTo(1);
        assertThat(after.since(before, "cubeshop_consumer_retries_total", CONSUMER)).isZero();
        assertThat(text).doesNotContain(event.orderId().toString()).doesNotContain(event.eventId().toString());
    }

    @Test
    void aConsumersFirstEventStartsItsDuplicatesSeriesAtZero() {
        // A consumer name no other test uses: its series cannot exist before this event.
        Map<String, String> consumer = Map.of("consumer", "test." + UUID.randomUUID());
        assertThat(metrics().has("cubeshop_consumer_duplicates_skipped_total", consumer)).isFalse();

        QuarkusTransaction.requiringNew().run(() -> processedEvents.firstTime(UUID.randomUUID(), consumer.get(
                "consumer")));

        Scrape after = metrics();
        assertThat(after.sum("cubeshop_consumer_events_applied_total", consumer)).isEqualTo(1);
        assertThat(after.has("cubeshop_consumer_duplicates_skipped_total", consumer))
                .as("the duplicates series, at 0 before the first duplicate, so that rate() reads 0").isTrue();
        assertThat(after.sum("cubeshop_consumer_duplicates_skipped_total", consumer)).isZero();
    }

    @Test
    void aPoisonMessageIsCountedAsDeadLetteredUnderItsChannel() throws Exception {
        Scrape before = metrics();

        TopicProbe.send(OrderFailed.TOPIC, "poison-" + UUID.randomUUID(), "{this is not json");

        await().atMost(Duration.ofSeconds(60)).until(() -> metrics().since(before,
                "cubeshop_consumer_dead_lettered_total", Map.of("channel", "order-failed")) >= 1);
        // Poison is never applied, whatever else this consumer did meanwhile.
        assertThat(metrics().since(before, "cubeshop_consumer_events_applied_total", CONSUMER)).isZero();
    }

    private static void publish(OrderFailed event) throws Exception {
        TopicProbe.send(OrderFailed.TOPIC, event.orderId().toString(), JSON.writeValueAsString(event));
    }

    private long pendingRows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from outbox where published_at is null").getSingleResult())
                .longValue());
    }

    private static Scrape metrics() {
        return Scrape.parse(metricsText());
    }

    private static String metricsText() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
