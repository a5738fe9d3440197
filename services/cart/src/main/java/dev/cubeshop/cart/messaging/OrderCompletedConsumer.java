package dev.cubeshop.cart.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.cubeshop.cart.CartService;
import dev.cubeshop.events.OrderCompleted;
import dev.cubeshop.events.OrderLine;
import dev.cubeshop.outbox.ConsumerRetry;
import dev.cubeshop.outbox.EventReader;

/**
 * Empties the purchased lines out of a customer's cart when an order completes ({@code checkout.order-completed.v1}).
 * The payload arrives as text and is parsed here, so a malformed message is a poison message: it is nacked and goes to
 * {@code checkout.order-completed.v1.dlq} instead of blocking the channel. Any other failure (the database is gone for
 * a while) is retried, each attempt in a transaction of its own, until the cart is updated; such an event never goes to
 * the dead-letter topic ({@link ConsumerRetry}).
 */
@ApplicationScoped
public class OrderCompletedConsumer {
    /** For the logs: the name CartService records processed events under. */
    private static final String CONSUMER = "cart.order-completed";

    private final CartService carts;
    private final EventReader events;
    private final ConsumerRetry retry;

    OrderCompletedConsumer(CartService carts, EventReader events, ConsumerRetry retry) {
        this.carts = carts;
        this.events = events;
        this.retry = retry;
    }

    @Incoming("order-completed")
    @Blocking
    public void on(String payload) {
        OrderCompleted event = parse(payload);
        retry.untilApplied(CONSUMER, event, () -> carts.removePurchased(event));
    }

    OrderCompleted parse(String payload) {
        OrderCompleted event = events.read(payload, OrderCompleted.class, OrderCompleted.VERSION);
        EventReader.require(event.customerId() != null && event.lines() != null && event.occurredAt() != null,
                "OrderCompleted lacks customerId, lines or occurredAt");
        for (OrderLine line : event.lines()) {
            EventReader.require(line != null && line.sku() != null && line.quantity() > 0,
                    "OrderCompleted has a line without sku or positive quantity");
        }
        return event;
    }
}
