package dev.cubeshop.checkout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.cubeshop.checkout.api.OrderView;
import dev.cubeshop.checkout.clients.CartClient;
import dev.cubeshop.checkout.clients.CartView;
import dev.cubeshop.checkout.clients.DependencyException;
import dev.cubeshop.checkout.clients.InventoryClient;
import dev.cubeshop.checkout.clients.InventoryClient.Insufficient;
import dev.cubeshop.checkout.clients.InventoryClient.Refused;
import dev.cubeshop.checkout.clients.InventoryClient.ReleaseOutcome;
import dev.cubeshop.checkout.clients.InventoryClient.ReserveOutcome;
import dev.cubeshop.checkout.clients.InventoryClient.Reserved;
import dev.cubeshop.checkout.clients.PaymentClient;
import dev.cubeshop.checkout.clients.PaymentClient.RefundOutcome;
import dev.cubeshop.checkout.clients.PaymentView;
import dev.cubeshop.checkout.clients.ReserveRequest;
import dev.cubeshop.checkout.config.CheckoutConfig;
import dev.cubeshop.events.Money;

/**
 * {@code completeCheckout()}: the orchestrated saga over cart, inventory and payment. The state is persisted after
 * every step ({@link OrderService}); each step is idempotent on the other side (keyed by the order id), so a saga
 * can be resumed from its persisted state by any replica ({@link #resume}). The rules:
 * <ul>
 * <li>nothing is charged before the stock is reserved, and a failure before the charge releases the reservation;</li>
 * <li>the charge is sent once; when its answer is lost the payment service is asked what happened before anything
 * is decided;</li>
 * <li>a reservation that can no longer be committed is refunded;</li>
 * <li>what cannot be decided or compensated now stays in flight, and the recovery job finishes it later.</li>
 * </ul>
 */
@ApplicationScoped
public class CheckoutSaga {
    private static final Logger LOG = Logger.getLogger(CheckoutSaga.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final OrderService orders;
    private final CartClient carts;
    private final InventoryClient inventory;
    private final PaymentClient payments;
    private final CheckoutConfig config;

    CheckoutSaga(OrderService orders, CartClient carts, InventoryClient inventory, PaymentClient payments,
            CheckoutConfig config) {
        this.orders = orders;
        this.carts = carts;
        this.inventory = inventory;
        this.payments = payments;
        this.config = config;
    }

    /** The order a checkout ended with, and why when it did not complete. */
    /** The log MDC key of the order a saga works on. */
    static final String ORDER_ID = "orderId";

    public record Result(OrderView order, Failure failure) {}

    /**
     * Runs the saga for a new (customer, key); for a key seen before, waits (within the budget) for that request's
     * saga to settle and answers the same.
     */
    public Result checkout(String customerId, UUID idempotencyKey, String paymentToken) {
        Deadline deadline = Deadline.in(config.budget());
        OrderService.Opened opened = orders.open(customerId, idempotencyKey, fingerprint(paymentToken));
        if (opened.created()) {
            // Every log line of this saga names its order (the JSON logs' orderId field).
            MDC.put(ORDER_ID, opened.orderId().toString());
            try {
                run(opened.orderId(), customerId, paymentToken, deadline);
            } finally {
                MDC.remove(ORDER_ID);
            }
            Order order = orders.find(opened.orderId());
            return new Result(OrderView.asLastSeen(order), order.failure);
        }
        Order order = orders.find(opened.orderId());
        while (!order.status.terminal() && deadline.remaining().compareTo(POLL) > 0) {
            // Another request with this key is driving the saga: its answer is ours.
            sleep(POLL);
            order = orders.find(opened.orderId());
        }
        return new Result(OrderView.asLastSeen(order), order.failure);
    }

    /**
     * Finishes or compensates a saga that its request left in flight (a crash, a lost answer, a dependency that was
     * down). Decides from the other services' records, never from a guess.
     */
    public void resume(UUID orderId) {
        Deadline deadline = Deadline.in(config.recovery().budget());
        Order order = orders.find(orderId);
        MDC.put(ORDER_ID, orderId.toString());
        try {
            switch (order.status) {
                case PENDING -> releaseAndFail(orderId, OrderStatus.FAILED,
                        Failure.abandoned("The checkout was interrupted before the stock was reserved"), null,
                        deadline);
                case RESERVED -> {
                    Optional<PaymentView> payment = payments.find(orderId, deadline);
                    if (payment.isEmpty()) {
                        releaseAndFail(orderId, OrderStatus.FAILED,
                                Failure.abandoned("The checkout was interrupted before the payment was taken"),
                                null, deadline);
                    } else if (payment.get().settled()) {
                        settle(orderId, payment.get(), deadline);
                    }
                    // else: the provider has not answered yet; the saga comes back when its lease runs out.
                }
                case PAID -> commit(orderId, deadline);
                default -> {
                }
            }
        } catch (DependencyException e) {
            LOG.infof("Recovery of order %s waits for %s (%s)", orderId, e.dependency(), e.getMessage());
        } finally {
            MDC.remove(ORDER_ID);
        }
    }

    private void run(UUID orderId, String customerId, String paymentToken, Deadline deadline) {
        CartView cart;
        try {
            cart = carts.snapshot(customerId, deadline);
        } catch (DependencyException e) {
            orders.failed(orderId, OrderStatus.FAILED, Failure.unavailable("cart"), null);
            return;
        }
        if (cart.empty()) {
            orders.failed(orderId, OrderStatus.REJECTED, Failure.cartEmpty(), null);
            return;
        }
        List<ReserveRequest.Line> lines = cart.lines().stream()
                .map(line -> new ReserveRequest.Line(line.sku(), line.quantity()))
                .toList();
        ReserveOutcome reservation;
        try {
            reservation = inventory.reserve(orderId, lines, deadline);
        } catch (DependencyException e) {
            if (e.mayHaveHappened()) {
                // The reservation may exist even though its answer was lost: release it (idempotent, 404 is fine).
                releaseAndFail(orderId, OrderStatus.FAILED, Failure.unavailable("inventory"), null, deadline);
            } else {
                orders.failed(orderId, OrderStatus.FAILED, Failure.unavailable("inventory"), null);
            }
            return;
        }
        switch (reservation) {
            case Insufficient insufficient -> {
                orders.failed(orderId, OrderStatus.REJECTED, Failure.insufficientStock(insufficient.unavailable()),
                        null);
                return;
            }
            case Refused refused -> {
                orders.failed(orderId, OrderStatus.REJECTED,
                        Failure.refusedByInventory(refused.status(), refused.kind(), refused.detail()), null);
                return;
            }
            case Reserved reserved -> orders.reserved(orderId, reserved.reservation());
        }
        charge(orderId, paymentToken, deadline);
    }

    private void charge(UUID orderId, String paymentToken, Deadline deadline) {
        Order order = orders.find(orderId);
        PaymentView payment = null;
        try {
            payment = payments.charge(orderId, new Money(order.total(), order.currency), paymentToken, deadline);
        } catch (DependencyException e) {
            if (!e.mayHaveHappened()) {
                releaseAndFail(orderId, OrderStatus.FAILED, Failure.unavailable("payment"), null, deadline);
                return;
            }
            LOG.infof("Charge for order %s is in doubt (%s): asking the payment service", orderId, e.getMessage());
        }
        if (payment == null || !payment.settled()) {
            payment = askUntilSettled(orderId, deadline).orElse(null);
        }
        if (payment == null) {
            // Still undecided within the budget: the order stays RESERVED, the client polls, recovery decides.
            return;
        }
        settle(orderId, payment, deadline);
    }

    /** Asks the payment service for the outcome of a charge while the budget leaves room for the commit after it. */
    private Optional<PaymentView> askUntilSettled(UUID orderId, Deadline deadline) {
        Duration reserveForCommit = config.timeouts().inventory();
        while (deadline.remaining().compareTo(reserveForCommit) > 0) {
            try {
                Optional<PaymentView> payment = payments.find(orderId, deadline);
                if (payment.isPresent() && payment.get().settled()) {
                    return payment;
                }
            } catch (DependencyException e) {
                return Optional.empty();
            }
            sleep(POLL);
        }
        return Optional.empty();
    }

    private void settle(UUID orderId, PaymentView payment, Deadline deadline) {
        switch (payment.status()) {
            case PaymentView.CAPTURED -> {
                orders.paid(orderId);
                commit(orderId, deadline);
            }
            case PaymentView.DECLINED -> releaseAndFail(orderId, OrderStatus.PAYMENT_DECLINED,
                    Failure.declined(payment.declineReason()), PaymentView.DECLINED, deadline);
            default -> releaseAndFail(orderId, OrderStatus.FAILED,
                    Failure.paymentFailed("The payment service answered " + payment.status()
                            + "; nothing was charged and no stock is held"),
                    payment.status(), deadline);
        }
    }

    private void commit(UUID orderId, Deadline deadline) {
        try {
            switch (inventory.commit(orderId, deadline)) {
                case COMMITTED -> orders.completed(orderId);
                case NOT_COMMITTABLE, NOT_FOUND -> refundAndFail(orderId, deadline);
            }
        } catch (DependencyException e) {
            // Paid but not yet committed: the order stays PAID and recovery commits it (commit is idempotent).
            LOG.infof("Commit for order %s postponed (%s)", orderId, e.getMessage());
        }
    }

    private void refundAndFail(UUID orderId, Deadline deadline) {
        RefundOutcome refund = payments.refund(orderId, deadline);
        if (refund == RefundOutcome.NOT_REFUNDABLE) {
            Optional<PaymentView> payment = payments.find(orderId, deadline);
            if (payment.isEmpty() || !PaymentView.REFUNDED.equals(payment.get().status())) {
                LOG.errorf("Order %s: reservation not committable and payment not refundable (%s); left PAID",
                        orderId, payment.map(PaymentView::status).orElse("none"));
                return;
            }
        }
        orders.failed(orderId, OrderStatus.FAILED, Failure.notCommittable(),
                refund == RefundOutcome.NOT_FOUND ? null : PaymentView.REFUNDED);
    }

    /** Compensation before the commit: give the stock back, then end the order. */
    private void releaseAndFail(UUID orderId, OrderStatus outcome, Failure failure, String paymentStatus,
            Deadline deadline) {
        ReleaseOutcome released;
        try {
            released = inventory.release(orderId, deadline);
        } catch (DependencyException e) {
            // Cannot compensate now: the order stays in flight and recovery releases it later.
            LOG.infof("Release for order %s postponed (%s)", orderId, e.getMessage());
            return;
        }
        if (released == ReleaseOutcome.ALREADY_COMMITTED) {
            LOG.errorf("Order %s: reservation already committed while compensating; left for recovery", orderId);
            return;
        }
        orders.failed(orderId, outcome, failure, paymentStatus);
    }

    /** What makes two requests with one Idempotency-Key "the same request". */
    static String fingerprint(String paymentToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("paymentToken=" + paymentToken).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
