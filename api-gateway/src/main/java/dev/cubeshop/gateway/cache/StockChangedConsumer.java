package dev.cubeshop.gateway.cache;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Drops cached catalog views when inventory publishes {@code inventory.stock-changed.v1} or
 * {@code inventory.product-changed.v1} (one channel, both topics: each names the sku). Every gateway replica reads
 * every event (its own consumer group), because every replica has its own cache. The payload is parsed here, so a
 * malformed message is logged and skipped instead of stopping the stream; nothing is lost by skipping, since the
 * cache's TTL bounds staleness anyway. Duplicates are harmless: dropping twice is dropping once.
 */
@ApplicationScoped
public class StockChangedConsumer {
    private static final Logger LOG = Logger.getLogger(StockChangedConsumer.class);

    private final CatalogCache cache;
    private final ObjectMapper json;

    StockChangedConsumer(CatalogCache cache, ObjectMapper json) {
        this.cache = cache;
        this.json = json;
    }

    @Incoming("stock-changed")
    public void onStockChanged(String payload) {
        String sku = sku(payload);
        if (sku == null) {
            LOG.warnf("Skipping a malformed catalog event: %.200s", payload);
            return;
        }
        cache.productChanged(sku);
    }

    private String sku(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            JsonNode event = json.readTree(payload);
            JsonNode sku = event == null ? null : event.get("sku");
            return sku != null && sku.isTextual() && !sku.asText().isBlank() ? sku.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
