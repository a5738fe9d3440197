package dev.cubeshop.inventory;

import static dev.cubeshop.inventory.Fixtures.product;
import static dev.cubeshop.inventory.Fixtures.reservation;
import static dev.cubeshop.inventory.Fixtures.stock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.cubeshop.events.OrderFailed;
import dev.cubeshop.events.StockChanged;
import dev.cubeshop.events.Topics;

@QuarkusTest
class OrderFailedConsumerTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Inject
    EntityManager entityManager;

    private static void publish(OrderFailed event) throws Exception {
        TopicProbe.send(OrderFailed.TOPIC, event.orderId().toString(), JSON.writeValueAsString(event));
    }

    private static OrderFailed failed(UUID eventId, UUID orderId) {
        return new OrderFailed(eventId, Instant.now(), 1, orderId, "alice", "PAYMENT_DECLINED", "card-declined");
    }

    private long processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select count(*) from processed_event where event_id = :id").setParameter("id", eventId)
                .getSingleResult()).longValue());
    }

    @Test
    void anOrderFailedEventReleasesTheHeldReservationAndItsDuplicateChangesNothing() throws Exception {
        String sku = product("FAILED", 800, 10);
        UUID order = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(reservation(order, sku, 4)).post("/internal/reservations").then()
                .statusCode(201);
        UUID eventId = UUID.randomUUID();

        publish(failed(eventId, order));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .get("/internal/reservations/{id}", order).then().body("status", equalTo("RELEASED")));
        assertThat(stock(sku).getInt("reserved")).isZero();

        try (TopicProbe events = new TopicProbe(StockChanged.TOPIC)) {
            publish(failed(eventId, order));
            // Same key, same partition: once this later event is processed, the duplicate before it was too.
            UUID later = UUID.randomUUID();
            publish(failed(later, order));
            await().atMost(Duration.ofSeconds(60)).until(() -> processed(later) == 1);

            assertThat(processed(eventId)).isEqualTo(1);
            given().get("/internal/reservations/{id}", order).then().body("status", equalTo("RELEASED"));
            assertThat(stock(sku).getInt("reserved")).isZero();
            assertThat(stock(sku).getInt("onHand")).isEqualTo(10);
            // The stock events of this sku: creation, reservation, release; nothing after the duplicates.
            assertThat(events.await(sku, found -> found.size() > 3, Duration.ofSeconds(5))).hasSize(3);
        }
    }

    @Test
    void anOrderFailedEventLeavesACommittedReservationAlone() throws Exception {
        String sku = product("DONE", 800, 10);
        UUID order = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(reservation(order, sku, 4)).post("/internal/reservations").then()
                .statusCode(201);
        given().post("/internal/reservations/{id}/commit", order).then().statusCode(200);
        UUID eventId = UUID.randomUUID();

        publish(failed(eventId, order));
        await().atMost(Duration.ofSeconds(60)).until(() -> processed(eventId) == 1);

        given().get("/internal/reservations/{id}", order).then().body("status", equalTo("COMMITTED"));
        assertThat(stock(sku).getInt("onHand")).isEqualTo(6);
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopic() throws Exception {
        String garbled = "poison-" + UUID.randomUUID();
        String incomplete = "poison-" + UUID.randomUUID();
        try (TopicProbe dlq = new TopicProbe(Topics.deadLetter(OrderFailed.TOPIC))) {
            TopicProbe.send(OrderFailed.TOPIC, garbled, "{this is not json");
            TopicProbe.send(OrderFailed.TOPIC, incomplete, "{\"eventId\": \"" + UUID.randomUUID() + "\"}");

            // At-least-once: a rebalance may hand a message over once more, so the dead-letter topic may hold a copy.
            assertThat(dlq.await(garbled, found -> !found.isEmpty(), Duration.ofSeconds(60)))
                    .isNotEmpty().extracting(record -> record.value()).containsOnly("{this is not json");
            assertThat(dlq.await(incomplete, found -> !found.isEmpty(), Duration.ofSeconds(60))).isNotEmpty();
        }
    }
}
