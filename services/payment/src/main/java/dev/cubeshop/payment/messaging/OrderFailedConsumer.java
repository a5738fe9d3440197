package dev.cubeshop.payment.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.cubeshop.events.OrderFailed;
import dev.cubeshop.outbox.EventReader;
import dev.cubeshop.outbox.ProcessedEvents;
import dev.cubeshop.payment.PaymentService;

/**
 * An order failed: refund what its payment took. The event id is recorded in the same transaction as the refund, so
 * a repeated delivery does nothing; a message that cannot be read goes to {@code checkout.order-failed.v1.dlq}.
 */
@ApplicationScoped
public class OrderFailedConsumer {
    static final String CONSUMER = "payment.order-failed";

    private final PaymentService payments;
    private final ProcessedEvents processedEvents;
    private final EventReader events;

    OrderFailedConsumer(PaymentService payments, ProcessedEvents processedEvents, EventReader events) {
        this.payments = payments;
        this.processedEvents = processedEvents;
        this.events = events;
    }

    @Incoming("order-failed")
    @Blocking
    @Transactional
    public void on(String message) {
        OrderFailed event = parse(message);
        if (!processedEvents.firstTime(event.eventId(), CONSUMER)) {
            return;
        }
        payments.orderFailed(event.orderId());
    }

    private OrderFailed parse(String message) {
        OrderFailed event = events.read(message, OrderFailed.class, OrderFailed.VERSION);
        EventReader.require(event.orderId() != null, OrderFailed.TOPIC + " message without orderId");
        return event;
    }
}
