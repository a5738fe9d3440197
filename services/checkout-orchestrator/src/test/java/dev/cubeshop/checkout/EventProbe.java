package dev.cubeshop.checkout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a real topic from "now" on, with a consumer group of its own (the topic persists across runs and is shared
 * with other JVMs). Open it before the action, then wait for the event keyed by the aggregate id.
 */
final class EventProbe implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private EventProbe(String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("kafka.bootstrap.servers",
                        "localhost:9092"),
                ConsumerConfig.GROUP_ID_CONFIG, "checkout-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        // On a fresh broker the first metadata request creates the topic; its partitions appear a moment later.
        while (partitions.isEmpty() && System.nanoTime() < deadline) {
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    static EventProbe on(String topic) {
        return new EventProbe(topic);
    }

    /** Every event with this key that arrived within the wait, as JSON; waits until at least one arrived. */
    List<JsonNode> await(String key, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        List<JsonNode> events = matching(key);
        while (events.isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            events = matching(key);
        }
        return events;
    }

    /** A header of the (first) record with this key seen so far, as text, or null. */
    String header(String key, String name) {
        for (ConsumerRecord<String, String> record : seen) {
            if (key.equals(record.key()) && record.headers().lastHeader(name) != null) {
                return new String(record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private List<JsonNode> matching(String key) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : seen) {
            if (key.equals(record.key())) {
                events.add(JSON.readTree(record.value()));
            }
        }
        return events;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
