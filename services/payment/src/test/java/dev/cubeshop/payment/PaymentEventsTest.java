package dev.cubeshop.payment;

import static dev.cubeshop.payment.Payments.charge;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

import dev.cubeshop.events.OrderFailed;
import dev.cubeshop.events.PaymentCaptured;
import dev.cubeshop.events.PaymentRefunded;

@QuarkusTest
class PaymentEventsTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    private static final String DLQ = "checkout.order-failed.v1.dlq";

    @Inject
    Payments payments;
    @Inject
    ObjectMapper json;

    private Topics topics;

    @BeforeEach
    void watch() {
        topics = new Topics(PaymentCaptured.TOPIC, PaymentRefunded.TOPIC, DLQ);
    }

    @AfterEach
    void close() {
        topics.close();
    }

    @Test
    void aCaptureAndARefundArePublishedOnTheirTopicsKeyedByOrder() throws Exception {
        UUID orderId = UUID.randomUUID();
        charge(orderId, "tok_visa").then().statusCode(201);
        given().post("/internal/payments/" + orderId + "/refund").then().statusCode(200);

        JsonNode captured = only(PaymentCaptured.TOPIC, orderId);
        JsonNode refunded = only(PaymentRefunded.TOPIC, orderId);

        for (JsonNode event : new JsonNode[]{captured, refunded}) {
            assertThat(event.path("orderId").asText()).isEqualTo(orderId.toString());
            assertThat(event.path("amount").path("amountMinor").asLong()).isEqualTo(1999);
            assertThat(event.path("amount").path("currency").asText()).isEqualTo("EUR");
            assertThat(event.path("schemaVersion").asInt()).isEqualTo(1);
            assertThat(event.path("eventId").asText()).isNotBlank();
            assertThat(event.path("occurredAt").asText()).isNotBlank();
        }
    }

    @Test
    void aDeclineIsNotACapture() throws Exception {
        UUID declined = UUID.randomUUID();
        UUID captured = UUID.randomUUID();
        charge(declined, "tok_declined").then().statusCode(402);
        charge(captured, "tok_visa").then().statusCode(201);

        // The relay publishes in outbox order: once the later capture is out, an event of the decline would be too.
        only(PaymentCaptured.TOPIC, captured);
        assertThat(topics.records(PaymentCaptured.TOPIC, declined.toString())).isEmpty();
        assertThat(payments.inOutbox(declined, PaymentCaptured.TOPIC)).isZero();
    }

    @Test
    void aFailedOrderIsRefundedOnceHoweverOftenTheEventArrives() throws Exception {
        UUID orderId = UUID.randomUUID();
        charge(orderId, "tok_visa").then().statusCode(201);
        String event = json.writeValueAsString(OrderFailed.of(orderId, "alice", "FAILED", "reservation expired"));

        Topics.send(OrderFailed.TOPIC, orderId.toString(), event);
        Topics.send(OrderFailed.TOPIC, orderId.toString(), event);

        await().atMost(EVENTUALLY).untilAsserted(() -> given().get("/internal/payments/" + orderId).then()
                .body("status", equalTo("REFUNDED")));
        only(PaymentRefunded.TOPIC, orderId);
        // Another event for the same order (a second failure report) finds nothing left to refund.
        Topics.send(OrderFailed.TOPIC, orderId.toString(),
                json.writeValueAsString(OrderFailed.of(orderId, "alice", "FAILED", "again")));
        UUID later = UUID.randomUUID();
        charge(later, "tok_visa").then().statusCode(201);
        Topics.send(OrderFailed.TOPIC, later.toString(),
                json.writeValueAsString(OrderFailed.of(later, "alice", "FAILED", "marker")));
        // Events of one partition are consumed in order; once the later order is refunded, the duplicates were seen.
        await().atMost(EVENTUALLY).untilAsserted(() -> given().get("/internal/payments/" + later).then()
                .body("status", equalTo("REFUNDED")));
        assertThat(payments.providerRefundRequests(orderId)).isEqualTo(1);
        assertThat(payments.inOutbox(orderId, PaymentRefunded.TOPIC)).isEqualTo(1);
    }

    @Test
    void anOrderThatFailsWhileItsChargeIsPendingIsRefundedOnceTheChargeIsCaptured() throws Exception {
        UUID orderId = UUID.randomUUID();
        Thread charging = Thread.ofVirtual().start(() -> charge(orderId, "tok_slow"));
        await().atMost(EVENTUALLY).untilAsserted(() -> given().get("/internal/payments/" + orderId).then()
                .statusCode(200).body("status", equalTo("PENDING")));

        Topics.send(OrderFailed.TOPIC, orderId.toString(),
                json.writeValueAsString(OrderFailed.of(orderId, "alice", "FAILED", "payment timed out")));

        charging.join(Duration.ofSeconds(30));
        await().atMost(EVENTUALLY).untilAsserted(() -> given().get("/internal/payments/" + orderId).then()
                .body("status", equalTo("REFUNDED")));
        assertThat(payments.providerCharges(orderId)).isEqualTo(1);
        assertThat(payments.providerRefunds(orderId)).isEqualTo(1);
        only(PaymentRefunded.TOPIC, orderId);
    }

    @Test
    void anOrderFailedForAnOrderWithoutPaymentChangesNothing() throws Exception {
        UUID never = UUID.randomUUID();
        UUID marker = UUID.randomUUID();
        charge(marker, "tok_visa").then().statusCode(201);

        Topics.send(OrderFailed.TOPIC, never.toString(),
                json.writeValueAsString(OrderFailed.of(never, "alice", "REJECTED", "insufficient stock")));
        Topics.send(OrderFailed.TOPIC, marker.toString(),
                json.writeValueAsString(OrderFailed.of(marker, "alice", "FAILED", "marker")));

        await().atMost(EVENTUALLY).untilAsserted(() -> given().get("/internal/payments/" + marker).then()
                .body("status", equalTo("REFUNDED")));
        given().get("/internal/payments/" + never).then().statusCode(404);
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheNextOneIsStillConsumed() throws Exception {
        String poisonKey = UUID.randomUUID().toString();
        UUID orderId = UUID.randomUUID();
        charge(orderId, "tok_visa").then().statusCode(201);

        Topics.send(OrderFailed.TOPIC, poisonKey, "{ this is not an event");
        Topics.send(OrderFailed.TOPIC, orderId.toString(),
                json.writeValueAsString(OrderFailed.of(orderId, "alice", "FAILED", "after the poison")));

        // At-least-once: a rebalance may dead-letter the same record twice; it must never be dropped.
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(topics.records(DLQ, poisonKey))
                .extracting(ConsumerRecord::value).isNotEmpty().containsOnly("{ this is not an event"));
        await().atMost(EVENTUALLY).untilAsserted(() -> given().get("/internal/payments/" + orderId).then()
                .body("status", equalTo("REFUNDED")));
    }

    /** The one event of this order on this topic. The relay may publish it twice (at-least-once), same eventId. */
    private JsonNode only(String topic, UUID orderId) throws Exception {
        await().atMost(EVENTUALLY).untilAsserted(
                () -> assertThat(topics.records(topic, orderId.toString())).isNotEmpty());
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : topics.records(topic, orderId.toString())) {
            events.add(json.readTree(record.value()));
        }
        assertThat(events).extracting(e -> e.path("eventId").asText()).containsOnly(
                events.get(0).path("eventId").asText());
        return events.get(0);
    }
}
