package dev.cubeshop.inventory.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.cubeshop.events.OrderFailed;
import dev.cubeshop.inventory.InventoryService;

/**
 * On {@code checkout.order-failed.v1}: the order must hold no stock. A message that cannot be read is a poison
 * message and goes to the dead-letter topic at once; a failure to apply a readable one (the database is briefly gone)
 * is retried first, so a short outage does not send good events to the dead-letter topic.
 */
@ApplicationScoped
public class OrderFailedConsumer {
    private final InventoryService inventory;
    private final ObjectMapper json;

    OrderFailedConsumer(InventoryService inventory, ObjectMapper json) {
        this.inventory = inventory;
        this.json = json;
    }

    @Incoming("order-failed")
    @Blocking
    @Retry(maxRetries = 5, delay = 1, delayUnit = ChronoUnit.SECONDS, abortOn = PoisonMessageException.class)
    public void on(String message) {
        OrderFailed event = parse(message);
        inventory.orderFailed(event.eventId(), event.orderId());
    }

    private OrderFailed parse(String message) {
        if (message == null) {
            throw new PoisonMessageException("empty message");
        }
        OrderFailed event;
        try {
            event = json.readValue(message, OrderFailed.class);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("not an OrderFailed event: " + e.getOriginalMessage());
        }
        if (event == null || event.eventId() == null || event.orderId() == null) {
            throw new PoisonMessageException("an OrderFailed event needs eventId and orderId");
        }
        return event;
    }

    /** A message no retry can fix. */
    public static class PoisonMessageException extends RuntimeException {
        public PoisonMessageException(String message) {
            super(message);
        }
    }
}
