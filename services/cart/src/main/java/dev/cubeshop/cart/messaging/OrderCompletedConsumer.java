package dev.cubeshop.cart.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.cubeshop.cart.CartService;
import dev.cubeshop.events.OrderCompleted;
import dev.cubeshop.events.OrderLine;

/**
 * Empties the purchased lines out of a customer's cart when an order completes ({@code checkout.order-completed.v1}).
 * The payload arrives as text and is parsed here, so a malformed message is a failure of this method: it is nacked
 * and goes to {@code checkout.order-completed.v1.dlq} instead of blocking the channel. Other failures (the database
 * is briefly gone) are retried first, each attempt in a transaction of its own, before the message is dead-lettered.
 */
@ApplicationScoped
public class OrderCompletedConsumer {
    private final CartService carts;
    private final ObjectMapper json;

    OrderCompletedConsumer(CartService carts, ObjectMapper json) {
        this.carts = carts;
        this.json = json;
    }

    @Incoming("order-completed")
    @Blocking
    @Retry(maxRetries = 5, delay = 500, jitter = 200, abortOn = MalformedEventException.class)
    public void on(String payload) {
        carts.removePurchased(parse(payload));
    }

    OrderCompleted parse(String payload) {
        OrderCompleted event;
        try {
            event = json.readValue(payload, OrderCompleted.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException("OrderCompleted is not readable: " + e.getMessage(), e);
        }
        if (event == null || event.eventId() == null || event.customerId() == null || event.lines() == null) {
            throw new MalformedEventException("OrderCompleted lacks eventId, customerId or lines");
        }
        if (event.schemaVersion() != OrderCompleted.VERSION) {
            throw new MalformedEventException("OrderCompleted schema version " + event.schemaVersion()
                    + " is not understood (expected " + OrderCompleted.VERSION + ")");
        }
        for (OrderLine line : event.lines()) {
            if (line == null || line.sku() == null || line.quantity() <= 0) {
                throw new MalformedEventException("OrderCompleted has a line without sku or positive quantity");
            }
        }
        return event;
    }
}
