package dev.cubeshop.cart.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.cubeshop.cart.CartService;
import dev.cubeshop.events.OrderCompleted;
import dev.cubeshop.events.OrderLine;
import dev.cubeshop.outbox.EventReader;
import dev.cubeshop.outbox.PoisonMessageException;

/**
 * Empties the purchased lines out of a customer's cart when an order completes ({@code checkout.order-completed.v1}).
 * The payload arrives as text and is parsed here, so a malformed message is a failure of this method: it is nacked
 * and goes to {@code checkout.order-completed.v1.dlq} instead of blocking the channel. Other failures (the database
 * is briefly gone) are retried first, each attempt in a transaction of its own, before the message is dead-lettered.
 */
@ApplicationScoped
public class OrderCompletedConsumer {
    private final CartService carts;
    private final EventReader events;

    OrderCompletedConsumer(CartService carts, EventReader events) {
        this.carts = carts;
        this.events = events;
    }

    @Incoming("order-completed")
    @Blocking
    @Retry(maxRetries = 5, delay = 500, jitter = 200, abortOn = PoisonMessageException.class)
    public void on(String payload) {
        carts.removePurchased(parse(payload));
    }

    OrderCompleted parse(String payload) {
        OrderCompleted event = events.read(payload, OrderCompleted.class, OrderCompleted.VERSION);
        EventReader.require(event.customerId() != null && event.lines() != null,
                "OrderCompleted lacks customerId or lines");
        for (OrderLine line : event.lines()) {
            EventReader.require(line != null && line.sku() != null && line.quantity() > 0,
                    "OrderCompleted has a line without sku or positive quantity");
        }
        return event;
    }
}
