package dev.cubeshop.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The wire shape of docs/contracts.md: field names, ISO instants, money as minor units. */
class EventJsonTest {
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void orderCompletedHasTheContractedFieldsAndSurvivesARoundTrip() throws Exception {
        var event = OrderCompleted.of(UUID.randomUUID(), "alice",
                List.of(new OrderLine("SKU-1", 2, new Money(1250, "EUR"))), new Money(2500, "EUR"));

        String text = json.writeValueAsString(event);
        var tree = json.readTree(text);

        assertThat(tree.fieldNames()).toIterable().containsExactlyInAnyOrder("eventId", "occurredAt",
                "schemaVersion", "orderId", "customerId", "lines", "total");
        assertThat(tree.get("occurredAt").isTextual()).as("ISO-8601 instant, not a number").isTrue();
        assertThat(tree.at("/lines/0/unitPrice/amountMinor").asLong()).isEqualTo(1250);
        assertThat(json.readValue(text, OrderCompleted.class)).isEqualTo(event);
    }

    @Test
    void productChangedCarriesTheNewDescriptionAndSurvivesARoundTrip() throws Exception {
        var event = ProductChanged.of("SKU-1", "Mug", new Money(1450, "EUR"), false);

        String text = json.writeValueAsString(event);
        var tree = json.readTree(text);

        assertThat(tree.fieldNames()).toIterable().containsExactlyInAnyOrder("eventId", "occurredAt",
                "schemaVersion", "sku", "name", "price", "active");
        assertThat(tree.at("/price/amountMinor").asLong()).isEqualTo(1450);
        assertThat(json.readValue(text, ProductChanged.class)).isEqualTo(event);
    }

    @Test
    void stockChangedDerivesAvailabilityFromOnHandAndReserved() {
        assertThat(StockChanged.of("SKU-1", 10, 3).available()).isEqualTo(7);
    }

    @Test
    void everyEventIsANewFactWithItsOwnId() {
        var orderId = UUID.randomUUID();
        assertThat(OrderFailed.of(orderId, "bob", "REJECTED", "stock").eventId())
                .isNotEqualTo(OrderFailed.of(orderId, "bob", "REJECTED", "stock").eventId());
    }
}
