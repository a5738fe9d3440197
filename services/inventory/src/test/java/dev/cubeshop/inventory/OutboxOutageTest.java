package dev.cubeshop.inventory;

import static dev.cubeshop.inventory.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.cubeshop.events.StockChanged;
import dev.cubeshop.testing.TcpProxy;

/**
 * The broker goes away, stock changes, the broker returns: the events wait in the outbox and are published then. The
 * shared broker cannot be stopped, so the relay's line to it is cut instead: a {@link TcpProxy} in front of Kafka, cut
 * before the relay's first connection, so the producer cannot even bootstrap (once bootstrapped, Kafka's advertised
 * listener would send it straight to 127.0.0.1:9092, around the proxy).
 */
@QuarkusTest
@TestProfile(OutboxOutageTest.RelayBehindCutLine.class)
class OutboxOutageTest {
    private static volatile TcpProxy line;

    public static class RelayBehindCutLine implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CutKafkaLine.class));
        }
    }

    public static class CutKafkaLine implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            String broker = System.getProperty("kafka.bootstrap.servers", "127.0.0.1:9092").split(",")[0];
            int colon = broker.lastIndexOf(':');
            try {
                line = new TcpProxy(broker.substring(0, colon), Integer.parseInt(broker.substring(colon + 1)));
                line.cut();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("cubeshop.outbox.bootstrap-servers", "127.0.0.1:" + line.port());
        }

        @Override
        public void stop() {
            try {
                line.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    EntityManager entityManager;

    private List<String> pending(String sku) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select cast(payload as text) from outbox where message_key = :sku and published_at is null"
                        + " order by id",
                String.class).setParameter("sku", sku).getResultList());
    }

    @Test
    void aStockChangeWaitsInTheOutboxWhileTheBrokerIsUnreachableAndIsPublishedWhenItReturns() throws Exception {
        assertThat(ConfigProvider.getConfig().getValue("cubeshop.outbox.bootstrap-servers", String.class))
                .isEqualTo("127.0.0.1:" + line.port());
        try (TopicProbe topic = new TopicProbe(StockChanged.TOPIC)) {
            String sku = product("OUTAGE", 500, 8);

            // Several relay attempts (every 500 ms, each bounded by the 5 s send timeout) fail meanwhile.
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20))
                    .until(() -> pending(sku).size() == 1);
            assertThat(topic.await(sku, found -> !found.isEmpty(), Duration.ofSeconds(2))).isEmpty();

            line.restore();

            var records = topic.await(sku, found -> !found.isEmpty(), Duration.ofSeconds(60));
            assertThat(records).hasSize(1);
            assertThat(new ObjectMapper().readTree(records.get(0).value()).get("onHand").asInt()).isEqualTo(8);
            await().atMost(Duration.ofSeconds(30)).until(() -> pending(sku).isEmpty());
        }
    }
}
