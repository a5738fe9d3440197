package dev.cubeshop.cart;

import static dev.cubeshop.cart.OrderCompletedConsumerTest.orderCompleted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cubeshop.events.OrderCompleted;
import dev.cubeshop.events.Topics;
import dev.cubeshop.testing.TcpProxy;
import dev.cubeshop.testing.TestTokens;
import dev.cubeshop.testing.TopicReader;

/**
 * A replica of the packaged application is stopped (SIGTERM, as on a rolling restart) while it retries an
 * OrderCompleted event its database cannot take. The event must be neither acknowledged nor dead-lettered: the
 * consumer group's committed offset stays at it, and the replica started next receives and applies it.
 */
class OrderCompletedShutdownIT {
    private static final String JDBC_URL = System.getProperty("cubeshop.it.jdbc-url");
    private static final String KAFKA = System.getProperty("cubeshop.it.kafka");
    private static final String TOPIC = OrderCompleted.TOPIC;

    /** A group of this test's own, so that no other consumer shares (or steals) its partitions. */
    private final String group = "cart-it-shutdown-" + UUID.randomUUID();
    private final List<CartProcess> replicas = new ArrayList<>();
    private TcpProxy database;

    @AfterEach
    void stopEverything() throws IOException {
        replicas.forEach(CartProcess::stop);
        if (database != null) {
            database.close();
        }
        try (Admin admin = admin()) {
            admin.deleteConsumerGroups(List.of(group));
        }
    }

    @Test
    void aReplicaStoppedWhileRetryingAnEventLeavesItForTheNextReplica() throws Exception {
        assumeTrue(JDBC_URL != null && KAFKA != null, "needs the local stack's database and broker (./cubeshop test)");
        assertThat(CartProcess.JAR).as("the packaged application").exists();
        startGroupAtTheEndOfTheTopic();
        URI db = URI.create(JDBC_URL.substring("jdbc:".length()));
        database = new TcpProxy(db.getHost(), db.getPort() < 0 ? 5432 : db.getPort());
        String behindProxy = "jdbc:postgresql://127.0.0.1:" + database.port() + db.getPath();

        CartProcess first = start("first", behindProxy);
        String key = UUID.randomUUID().toString();
        // Applied with the database up: once its offset is committed, the first replica owns the key's partition.
        RecordMetadata warmUp = publish(key, event());
        TopicPartition partition = new TopicPartition(TOPIC, warmUp.partition());
        await().atMost(Duration.ofSeconds(60)).until(() -> committed(partition) > warmUp.offset());

        database.cut();
        RecordMetadata pending = publish(key, event());
        // The replica has the event and retries it; well inside what a handful of quick retries used to last.
        Thread.sleep(2_000);
        first.stop();

        assertThat(committed(partition)).as("committed offset after the first replica stopped")
                .isLessThanOrEqualTo(pending.offset());
        assertThat(TopicReader.valuesWithKey(KAFKA, Topics.deadLetter(TOPIC), key)).as("dead letters with this key")
                .isEmpty();

        database.restore();
        start("second", JDBC_URL);
        await().atMost(Duration.ofSeconds(60)).until(() -> committed(partition) > pending.offset());
        assertThat(TopicReader.valuesWithKey(KAFKA, Topics.deadLetter(TOPIC), key)).as("dead letters with this key")
                .isEmpty();
    }

    private static String event() {
        // A customer without a cart: applying it only records the event id. What matters is who acknowledges it.
        return orderCompleted(UUID.randomUUID(), UUID.randomUUID(), "nobody-" + UUID.randomUUID(), Map.of("mug-1", 1));
    }

    /** Commits the topic's current end for the new group, so that its replicas skip the topic's history. */
    private void startGroupAtTheEndOfTheTopic() throws Exception {
        try (KafkaConsumer<String, String> consumer = consumer(); Admin admin = admin()) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            consumer.endOffsets(partitions, Duration.ofSeconds(10))
                    .forEach((partition, end) -> start.put(partition, new OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(group, start).all().get(10, TimeUnit.SECONDS);
        }
    }

    /** The group's committed offset: the next record it will read. */
    private long committed(TopicPartition partition) throws Exception {
        try (Admin admin = admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(partition);
            return offset == null ? -1 : offset.offset();
        }
    }

    private static RecordMetadata publish(String key, String payload) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(TOPIC, key, payload)).get(10, TimeUnit.SECONDS);
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA));
    }

    /** One packaged cart application as a child process, ready (and so consuming) when this returns. */
    private CartProcess start(String name, String jdbcUrl) throws Exception {
        CartProcess replica = CartProcess.start("shutdown-" + name, Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", System.getProperty("cubeshop.it.db-user"),
                "kafka.bootstrap.servers", KAFKA,
                "mp.jwt.verify.publickey.location", new TestTokens().start().get("mp.jwt.verify.publickey.location"),
                "mp.messaging.incoming.order-completed.group.id", group));
        replicas.add(replica);
        replica.awaitReady(Duration.ofSeconds(120));
        return replica;
    }
}
