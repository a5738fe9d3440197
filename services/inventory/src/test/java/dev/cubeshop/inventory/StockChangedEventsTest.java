package dev.cubeshop.inventory;

import static dev.cubeshop.inventory.Fixtures.product;
import static dev.cubeshop.inventory.Fixtures.reservation;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.cubeshop.events.ProductChanged;
import dev.cubeshop.events.StockChanged;
import dev.cubeshop.testing.TestTokens;

@QuarkusTest
class StockChangedEventsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyStockChangeIsPublishedKeyedBySkuInOrder() throws Exception {
        try (TopicProbe topic = new TopicProbe(StockChanged.TOPIC)) {
            String sku = product("EVENT", 1200, 10);
            UUID order = UUID.randomUUID();
            given().contentType(ContentType.JSON).body(reservation(order, sku, 3)).post("/internal/reservations")
                    .then().statusCode(201);
            given().post("/internal/reservations/{id}/commit", order).then().statusCode(200);

            var records = topic.await(sku, found -> found.size() >= 3, Duration.ofSeconds(30));

            assertThat(records).hasSize(3);
            List<JsonNode> events = records.stream().map(record -> read(record.value())).toList();
            assertThat(events).extracting(event -> event.get("onHand").asInt()).containsExactly(10, 10, 7);
            assertThat(events).extracting(event -> event.get("reserved").asInt()).containsExactly(0, 3, 0);
            assertThat(events).extracting(event -> event.get("available").asInt()).containsExactly(10, 7, 7);
            for (var record : records) {
                JsonNode event = read(record.value());
                assertThat(event.get("sku").asText()).isEqualTo(sku);
                assertThat(event.get("schemaVersion").asInt()).isEqualTo(1);
                assertThat(event.get("occurredAt").asText()).isNotBlank();
                assertThat(new String(record.headers().lastHeader("event-id").value(), StandardCharsets.UTF_8))
                        .isEqualTo(event.get("eventId").asText());
            }
        }
    }

    @Test
    void aRefusedReservationPublishesNothing() throws Exception {
        try (TopicProbe topic = new TopicProbe(StockChanged.TOPIC)) {
            String sku = product("NOEVENT", 1200, 1);
            given().contentType(ContentType.JSON).body(reservation(UUID.randomUUID(), sku, 2))
                    .post("/internal/reservations").then().statusCode(409);
            // A later change of the same sku proves the relay has passed the point where an event would have been.
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("onHand", 5)).put("/api/admin/products/{sku}/stock", sku).then()
                    .statusCode(200);

            var records = topic.await(sku, found -> found.size() >= 2, Duration.ofSeconds(30));

            assertThat(records).extracting(record -> read(record.value()).get("onHand").asInt())
                    .containsExactly(1, 5);
        }
    }

    @Test
    void aProductUpdateIsPublishedWithTheNewDescriptionAndARefusedOneIsNot() throws Exception {
        try (TopicProbe topic = new TopicProbe(ProductChanged.TOPIC)) {
            String sku = product("RENAMED", 1200, 1);
            // Refused (another currency): nothing changes, nothing is published.
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("name", "Wrong", "price", Map.of("amountMinor", 990, "currency", "USD"), "active",
                            true))
                    .put("/api/admin/products/{sku}", sku).then().statusCode(400);
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("name", "Renamed mug", "price", Map.of("amountMinor", 990, "currency", "EUR"),
                            "active", false))
                    .put("/api/admin/products/{sku}", sku).then().statusCode(200);

            var records = topic.await(sku, found -> !found.isEmpty(), Duration.ofSeconds(30));

            assertThat(records).hasSize(1);
            JsonNode event = read(records.get(0).value());
            assertThat(event.get("name").asText()).isEqualTo("Renamed mug");
            assertThat(event.at("/price/amountMinor").asLong()).isEqualTo(990);
            assertThat(event.get("active").asBoolean()).isFalse();
            assertThat(records.get(0).key()).isEqualTo(sku);
        }
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + value, e);
        }
    }
}
