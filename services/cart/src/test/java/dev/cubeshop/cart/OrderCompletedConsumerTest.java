package dev.cubeshop.cart;

import static dev.cubeshop.cart.Customers.as;
import static dev.cubeshop.cart.Customers.fresh;
import static dev.cubeshop.cart.Customers.setting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.cubeshop.events.OrderCompleted;
import dev.cubeshop.events.Topics;

/** OrderCompleted events published to the real topic of the real broker, consumed by the application under test. */
@QuarkusTest
class OrderCompletedConsumerTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @Test
    void theConsumerContinuesTheProducersTraceFromTheRecordsTraceparent() throws Exception {
        String alice = fresh("alice");
        setting(alice, 2).put("/api/cart/items/mug-1").then().statusCode(200);
        UUID orderId = UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        var record = new ProducerRecord<>(OrderCompleted.TOPIC, orderId.toString(),
                orderCompleted(UUID.randomUUID(), orderId, alice, Map.of("mug-1", 2)));
        // As the outbox relay sends it: the writing transaction's trace context in a traceparent header.
        record.headers().add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        publish(bootstrapServers(), record);
        await().atMost(EVENTUALLY).untilAsserted(() -> as(alice).get("/api/cart").then().statusCode(200)
                .body("lines", empty()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(RecordedSpans.ofTrace(traceId))
                .as("spans of the producer's trace in the consumer")
                .anySatisfy(span -> {
                    assertThat(span.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CONSUMER);
                    assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
                }));
    }

    @Test
    void anOrderCompletedEventRemovesExactlyThePurchasedQuantitiesOnceEvenWhenDeliveredTwice() throws Exception {
        String alice = fresh("alice");
        setting(alice, 3).put("/api/cart/items/mug-1").then().statusCode(200);
        setting(alice, 1).put("/api/cart/items/tee-1").then().statusCode(200);
        setting(alice, 1).put("/api/cart/items/cap-1").then().statusCode(200);
        UUID orderId = UUID.randomUUID();
        String event = orderCompleted(UUID.randomUUID(), orderId, alice, Map.of("mug-1", 2, "tee-1", 1));

        publish(orderId.toString(), event);
        await().atMost(EVENTUALLY).untilAsserted(() -> as(alice).get("/api/cart").then().statusCode(200)
                .body("lines.sku", contains("cap-1", "mug-1"))
                .body("lines.quantity", contains(1, 1)));

        // The same event again (at-least-once delivery), then a marker on the same key and so the same partition:
        // once the marker's effect shows, the duplicate before it has been consumed.
        publish(orderId.toString(), event);
        publish(orderId.toString(), orderCompleted(UUID.randomUUID(), orderId, alice, Map.of("cap-1", 1)));
        await().atMost(EVENTUALLY).untilAsserted(() -> as(alice).get("/api/cart").then().statusCode(200)
                .body("lines.sku", contains("mug-1")));
        as(alice).get("/api/cart").then().body("lines.quantity", contains(1));
    }

    @Test
    void linesChangedAfterTheCheckoutStartedKeepTheDifferenceAndRemovedLinesStayRemoved() throws Exception {
        String alice = fresh("alice");
        // At checkout: mug 2, tee 1, cap 1. Meanwhile the customer raised the mug to 5, removed the tee and added a
        // bulk item; the cap was bought as it is.
        setting(alice, 5).put("/api/cart/items/mug-1").then().statusCode(200);
        setting(alice, 1).put("/api/cart/items/cap-1").then().statusCode(200);
        setting(alice, 4).put("/api/cart/items/bulk-1").then().statusCode(200);
        UUID orderId = UUID.randomUUID();
        publish(orderId.toString(),
                orderCompleted(UUID.randomUUID(), orderId, alice, Map.of("mug-1", 2, "tee-1", 1, "cap-1", 1)));

        await().atMost(EVENTUALLY).untilAsserted(() -> as(alice).get("/api/cart").then().statusCode(200)
                .body("lines.sku", contains("bulk-1", "mug-1"))
                .body("lines.quantity", contains(4, 3)));
    }

    @Test
    void anEventForACustomerWithoutACartChangesNothing() throws Exception {
        String nobody = fresh("nobody");
        UUID orderId = UUID.randomUUID();
        publish(orderId.toString(), orderCompleted(UUID.randomUUID(), orderId, nobody, Map.of("mug-1", 1)));
        String alice = fresh("alice");
        setting(alice, 2).put("/api/cart/items/mug-1").then().statusCode(200);
        // A marker behind it on the same key: when it has been applied, so has the first event.
        publish(orderId.toString(), orderCompleted(UUID.randomUUID(), orderId, alice, Map.of("mug-1", 1)));
        await().atMost(EVENTUALLY).untilAsserted(() -> as(alice).get("/api/cart").then()
                .body("lines.quantity", contains(1)));
        as(nobody).get("/api/cart").then().statusCode(200).body("lines", empty());
    }

    @Test
    void malformedEventsLandOnTheDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
        String marker = UUID.randomUUID().toString();
        String notJson = "{\"eventId\": \"" + marker + "\", this is not json";
        String noCustomer = """
                {"eventId":"%s","occurredAt":"%s","schemaVersion":1,"orderId":"%s","lines":[]}"""
                .formatted(UUID.randomUUID(), Instant.now(), marker);
        String key = "poison-" + marker;
        publish(key, notJson);
        publish(key, noCustomer);

        List<String> deadLetters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "cart-test-dlq-" + marker,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.deadLetter(OrderCompleted.TOPIC)));
            await().atMost(EVENTUALLY).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        deadLetters.add(record.value());
                        assertThat(record.headers().lastHeader("dead-letter-reason")).isNotNull();
                    }
                }
                return deadLetters.size() >= 2;
            });
        }
        assertThat(deadLetters).containsExactly(notJson, noCustomer);

        // The channel is not stuck: a good event behind the poison ones still empties a cart.
        String alice = fresh("alice");
        setting(alice, 1).put("/api/cart/items/mug-1").then().statusCode(200);
        publish(key, orderCompleted(UUID.randomUUID(), UUID.randomUUID(), alice, Map.of("mug-1", 1)));
        await().atMost(EVENTUALLY).untilAsserted(() -> as(alice).get("/api/cart").then()
                .body("lines", empty()));
    }

    /** The payload as docs/contracts.md fixes it, written by hand so that the test does not share the app's mapper. */
    static String orderCompleted(UUID eventId, UUID orderId, String customer, Map<String, Integer> lines) {
        String lineJson = lines.entrySet().stream()
                .map(line -> """
                        {"sku":"%s","quantity":%d,"unitPrice":{"amountMinor":100,"currency":"EUR"}}"""
                        .formatted(line.getKey(), line.getValue()))
                .collect(Collectors.joining(","));
        long total = 100L * lines.values().stream().mapToInt(Integer::intValue).sum();
        return """
                {"eventId":"%s","occurredAt":"%s","schemaVersion":1,"orderId":"%s","customerId":"%s",\
                "lines":[%s],"total":{"amountMinor":%d,"currency":"EUR"}}"""
                .formatted(eventId, Instant.now(), orderId, customer, lineJson, total);
    }

    static void publish(String key, String payload) throws Exception {
        publish(bootstrapServers(), key, payload);
    }

    static void publish(String bootstrapServers, String key, String payload) throws Exception {
        publish(bootstrapServers, new ProducerRecord<>(OrderCompleted.TOPIC, key, payload));
    }

    static void publish(String bootstrapServers, ProducerRecord<String, String> record) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(record).get();
        }
    }

    static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
