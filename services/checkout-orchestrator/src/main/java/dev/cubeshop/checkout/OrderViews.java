package dev.cubeshop.checkout;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.cubeshop.checkout.api.OrderPage;
import dev.cubeshop.checkout.api.OrderView;
import dev.cubeshop.checkout.api.OrderView.Payment;
import dev.cubeshop.checkout.clients.DependencyException;
import dev.cubeshop.checkout.clients.PaymentClient;
import dev.cubeshop.checkout.config.CheckoutConfig;

/**
 * Order views, aggregated: the order and its lines from this service, the payment state from the payment service.
 * A payment service that does not answer does not break the view: its state shows as UNKNOWN.
 */
@ApplicationScoped
public class OrderViews {
    private final OrderService orders;
    private final PaymentClient payments;
    private final CheckoutConfig config;

    OrderViews(OrderService orders, PaymentClient payments, CheckoutConfig config) {
        this.orders = orders;
        this.payments = payments;
        this.config = config;
    }

    public OrderView one(String customerId, UUID orderId) {
        Order order = orders.findFor(customerId, orderId);
        return OrderView.of(order, paymentOf(order.id, Deadline.in(config.timeouts().payment())));
    }

    public OrderPage page(String customerId, int page, int size) {
        OrderService.Page found = orders.page(customerId, page, size);
        // One budget for the page: once the payment service fails, the rest of the page is UNKNOWN without asking.
        Deadline deadline = Deadline.in(config.timeouts().payment());
        List<OrderView> views = new ArrayList<>(found.orders().size());
        boolean paymentAnswers = true;
        for (Order order : found.orders()) {
            Payment payment = Payment.UNKNOWN;
            if (paymentAnswers) {
                payment = paymentOf(order.id, deadline);
                paymentAnswers = payment != Payment.UNKNOWN;
            }
            views.add(OrderView.of(order, payment));
        }
        return new OrderPage(views, page, size, found.total());
    }

    private Payment paymentOf(UUID orderId, Deadline deadline) {
        try {
            return payments.find(orderId, deadline).map(view -> new Payment(view.status())).orElse(Payment.NONE);
        } catch (DependencyException e) {
            return Payment.UNKNOWN;
        }
    }
}
