package dev.cubeshop.payment.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.cubeshop.events.OrderFailed;
import dev.cubeshop.outbox.ConsumerRetry;
import dev.cubeshop.outbox.EventReader;
import dev.cubeshop.outbox.ProcessedEvents;
import dev.cubeshop.payment.PaymentService;

/**
 * An order failed: refund what its payment took. The event id is recorded in the same transaction as the refund, so
 * a repeated delivery does nothing. A message that cannot be read goes to {@code checkout.order-failed.v1.dlq}; any
 * other failure (the database or the provider is unavailable for a while) is retried, each attempt in a transaction
 * of its own, until the refund is settled: a refund owed is never dead-lettered ({@link ConsumerRetry}).
 */
@ApplicationScoped
public class OrderFailedConsumer {
    static final String CONSUMER = "payment.order-failed";

    private final PaymentService payments;
    private final ProcessedEvents processedEvents;
    private final EventReader events;
    private final ConsumerRetry retry;

    OrderFailedConsumer(PaymentService payments, ProcessedEvents processedEvents, EventReader events,
            ConsumerRetry retry) {
        this.payments = payments;
        this.processedEvents = processedEvents;
        this.events = events;
        this.retry = retry;
    }

    @Incoming("order-failed")
    @Blocking
    public void on(String message) {
        OrderFailed event = parse(message);
        retry.untilApplied(CONSUMER, event, () -> {
            if (processedEvents.firstTime(event.eventId(), CONSUMER)) {
                payments.orderFailed(event.orderId());
            }
        });
    }

    private OrderFailed parse(String message) {
        OrderFailed event = events.read(message, OrderFailed.class, OrderFailed.VERSION);
        EventReader.require(event.orderId() != null, OrderFailed.TOPIC + " message without orderId");
        return event;
    }
}
