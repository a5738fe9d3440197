package dev.cubeshop.inventory.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.cubeshop.events.OrderFailed;
import dev.cubeshop.inventory.InventoryService;
import dev.cubeshop.outbox.ConsumerRetry;
import dev.cubeshop.outbox.EventReader;

/**
 * On {@code checkout.order-failed.v1}: the order must hold no stock. A message that cannot be read is a poison
 * message and goes to the dead-letter topic at once; a failure to apply a readable one (the database is gone for a
 * while) is retried until the release is applied, so a good event never goes to the dead-letter topic
 * ({@link ConsumerRetry}).
 */
@ApplicationScoped
public class OrderFailedConsumer {
    /** For the logs: the name InventoryService records processed events under. */
    private static final String CONSUMER = "inventory.order-failed";

    private final InventoryService inventory;
    private final EventReader events;
    private final ConsumerRetry retry;

    OrderFailedConsumer(InventoryService inventory, EventReader events, ConsumerRetry retry) {
        this.inventory = inventory;
        this.events = events;
        this.retry = retry;
    }

    @Incoming("order-failed")
    @Blocking
    public void on(String message) {
        OrderFailed event = parse(message);
        retry.untilApplied(CONSUMER, event, () -> inventory.orderFailed(event.eventId(), event.orderId()));
    }

    private OrderFailed parse(String message) {
        OrderFailed event = events.read(message, OrderFailed.class, OrderFailed.VERSION);
        EventReader.require(event.orderId() != null, "an OrderFailed event needs an orderId");
        return event;
    }
}
