package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class CatalogCacheTest {
    private static final String TOPIC = "inventory.stock-changed.v1";
    private static final String PRODUCT_TOPIC = "inventory.product-changed.v1";
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    @AfterAll
    static void disconnect() {
        producer.close(Duration.ofSeconds(5));
    }

    @AfterEach
    void restore() {
        Gateway.restoreUpstreams();
    }

    @Test
    void aSecondCatalogReadIsAHitWithoutAnUpstreamCall() {
        String path = "/api/products/cache-" + UUID.randomUUID();

        String first = given().get(path).then().statusCode(200).header("X-Cache", "MISS").extract().asString();
        String second = given().get(path).then().statusCode(200).header("X-Cache", "HIT")
                .header("Content-Type", "application/json").extract().asString();

        assertThat(second).isEqualTo(first);
        assertThat(upstreamHits(path)).isOne();
    }

    @Test
    void aRequestWithNoCacheGoesToTheUpstream() {
        String path = "/api/products/nocache-" + UUID.randomUUID();
        given().get(path).then().statusCode(200).header("X-Cache", "MISS");

        given().header("Cache-Control", "no-cache").get(path).then().statusCode(200).header("X-Cache", "MISS");

        assertThat(upstreamHits(path)).isEqualTo(2);
    }

    @Test
    void upstreamAnswersMarkedNoStoreOrPrivateAreNotCached() {
        for (String directive : new String[]{"no-store", "private, max-age=60"}) {
            String path = "/api/products/nostore-" + UUID.randomUUID();

            given().header("X-Test-Cache-Control", directive).get(path).then().statusCode(200);
            given().header("X-Test-Cache-Control", directive).get(path).then().statusCode(200)
                    .header("X-Cache", "MISS");

            assertThat(upstreamHits(path)).as(directive).isEqualTo(2);
        }
    }

    @Test
    void readsWithATokenAreNeverCachedNorServedFromTheCache() {
        String path = "/api/products/personal-" + UUID.randomUUID();
        String token = Tokens.login("alice");

        given().auth().oauth2(token).get(path).then().statusCode(200).header("X-Cache", nullValue());
        given().auth().oauth2(token).get(path).then().statusCode(200).header("X-Cache", nullValue());
        given().get(path).then().statusCode(200).header("X-Cache", "MISS");

        assertThat(upstreamHits(path)).isEqualTo(3);
    }

    @Test
    void aStockChangedEventDropsTheCachedProductAndTheLists() {
        String sku = "sku-" + UUID.randomUUID();
        String product = "/api/products/" + sku;
        String list = "/api/products?q=" + sku;
        String bystander = "/api/products/bystander-" + UUID.randomUUID();
        given().get(bystander).then().header("X-Cache", "MISS");
        given().get(product).then().header("X-Cache", "MISS");
        given().get(product).then().header("X-Cache", "HIT");
        given().get(list).then().header("X-Cache", "MISS");
        given().get(list).then().header("X-Cache", "HIT");

        publishUntilDropped(TOPIC, sku, stockChanged(sku), product);
        given().get(list).then().header("X-Cache", "MISS");
        given().get(bystander).then().header("X-Cache", "HIT");
        assertThat(upstreamHits(bystander)).isOne();
    }

    @Test
    void aProductChangedEventDropsTheCachedProductSoANewPriceIsNotServedStale() {
        String sku = "sku-" + UUID.randomUUID();
        String product = cached("/api/products/" + sku);

        String changed = new JsonObject().put("eventId", UUID.randomUUID().toString())
                .put("occurredAt", Instant.now().toString()).put("schemaVersion", 1).put("sku", sku)
                .put("name", "Renamed").put("price", new JsonObject().put("amountMinor", 990).put("currency", "EUR"))
                .put("active", true).encode();
        publishUntilDropped(PRODUCT_TOPIC, sku, changed, product);
    }

    @Test
    void aMalformedEventIsSkippedAndLaterEventsStillWork() {
        String sku = "sku-" + UUID.randomUUID();
        String product = cached("/api/products/" + sku);

        publish(sku, "{not json");
        publish(sku, "{\"eventId\": \"" + UUID.randomUUID() + "\"}");
        publish(sku, null);

        publishUntilDropped(TOPIC, sku, stockChanged(sku), product);
    }

    /** Reads the path twice: missed, then served from the cache. */
    private static String cached(String path) {
        given().get(path).then().header("X-Cache", "MISS");
        given().get(path).then().header("X-Cache", "HIT");
        return path;
    }

    /** Publishes the event until the product's next read misses the cache (the consumer may still be joining). */
    private static void publishUntilDropped(String topic, String sku, String event, String product) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            publish(topic, sku, event);
            given().get(product).then().statusCode(200).header("X-Cache", "MISS");
        });
    }

    private static int upstreamHits(String path) {
        return FakeUpstreams.inventory.stream().mapToInt(replica -> replica.hits(path)).sum();
    }

    private static String stockChanged(String sku) {
        return new JsonObject().put("eventId", UUID.randomUUID().toString())
                .put("occurredAt", Instant.now().toString()).put("schemaVersion", 1).put("sku", sku)
                .put("onHand", 10).put("reserved", 2).put("available", 8).encode();
    }

    private static void publish(String key, String value) {
        publish(TOPIC, key, value);
    }

    private static void publish(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
