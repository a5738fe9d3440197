package dev.cubeshop.inventory.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.cubeshop.events.OrderFailed;
import dev.cubeshop.inventory.InventoryService;
import dev.cubeshop.outbox.EventReader;
import dev.cubeshop.outbox.PoisonMessageException;

/**
 * On {@code checkout.order-failed.v1}: the order must hold no stock. A message that cannot be read is a poison
 * message and goes to the dead-letter topic at once; a failure to apply a readable one (the database is briefly gone)
 * is retried first, so a short outage does not send good events to the dead-letter topic.
 */
@ApplicationScoped
public class OrderFailedConsumer {
    private final InventoryService inventory;
    private final EventReader events;

    OrderFailedConsumer(InventoryService inventory, EventReader events) {
        this.inventory = inventory;
        this.events = events;
    }

    @Incoming("order-failed")
    @Blocking
    @Retry(maxRetries = 5, delay = 1, delayUnit = ChronoUnit.SECONDS, abortOn = PoisonMessageException.class)
    public void on(String message) {
        OrderFailed event = parse(message);
        inventory.orderFailed(event.eventId(), event.orderId());
    }

    private OrderFailed parse(String message) {
        OrderFailed event = events.read(message, OrderFailed.class, OrderFailed.VERSION);
        EventReader.require(event.orderId() != null, "an OrderFailed event needs an orderId");
        return event;
    }
}
