package dev.cubeshop.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.cubeshop.events.Money;
import dev.cubeshop.events.PaymentCaptured;
import dev.cubeshop.events.PaymentRefunded;
import dev.cubeshop.outbox.Outbox;
import dev.cubeshop.payment.api.PaymentView;
import dev.cubeshop.payment.config.PaymentConfig;
import dev.cubeshop.payment.provider.ChargeAnswer;
import dev.cubeshop.payment.provider.PaymentProvider;
import dev.cubeshop.payment.provider.ProviderCharge;
import dev.cubeshop.payment.provider.RefundAnswer;

/**
 * Charges and refunds. A charge is three steps, each its own transaction, because the provider call must happen
 * outside any transaction: commit a PENDING payment (the order id is the primary key, so exactly one caller wins),
 * call the provider, record its answer. Every other caller of the same order waits for that answer.
 */
@ApplicationScoped
public class PaymentService {
    private static final Logger LOG = Logger.getLogger(PaymentService.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final PaymentProvider provider;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final PaymentConfig config;

    PaymentService(PaymentProvider provider, Outbox outbox, EntityManager entityManager, PaymentConfig config) {
        this.provider = provider;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.config = config;
    }

    /**
     * Charges the order once. The caller that created the payment calls the provider and waits for its answer even
     * when its own client gave up; every repeated or concurrent call returns that same outcome.
     */
    public ChargeResult charge(UUID orderId, long amountMinor, String currency, String paymentToken) {
        if (!QuarkusTransaction.requiringNew().call(() -> insertPending(orderId, amountMinor, currency))) {
            return repeated(orderId, amountMinor, currency);
        }
        ChargeAnswer answer = provider.charge(new ProviderCharge(orderId, amountMinor, currency, paymentToken));
        PaymentView settled = QuarkusTransaction.requiringNew().call(() -> settle(orderId, answer));
        if (settled.status() == PaymentStatus.CAPTURED && QuarkusTransaction.requiringNew()
                .call(() -> lock(orderId).isRefundDue())) {
            settled = refund(orderId);
        }
        return outcome(settled, true);
    }

    @Transactional
    public PaymentView find(UUID orderId) {
        Payment payment = Payment.findById(orderId);
        if (payment == null) {
            throw new PaymentNotFoundException(orderId);
        }
        return PaymentView.of(payment);
    }

    /**
     * Refunds a captured payment in full; a refunded one stays as it is. One caller at a time holds the row lock during
     * the provider call; the others do not queue on the lock (each would hold a pooled connection while waiting) but
     * poll until the refund is recorded, at most {@code payment.settle-wait}, and then return the payment as it is.
     */
    public PaymentView refund(UUID orderId) {
        Instant deadline = Instant.now().plus(config.settleWait());
        while (true) {
            Optional<PaymentView> refunded = QuarkusTransaction.requiringNew().call(() -> refundUnlessLocked(orderId));
            if (refunded.isPresent()) {
                return refunded.get();
            }
            if (Instant.now().isAfter(deadline) || !pause()) {
                return find(orderId);
            }
        }
    }

    /** The order failed: give back what was taken, now or as soon as a pending charge is captured. */
    @Transactional
    public void orderFailed(UUID orderId) {
        Payment payment = Payment.findById(orderId, LockModeType.PESSIMISTIC_WRITE);
        if (payment == null) {
            return;
        }
        if (payment.orderFailed(Instant.now()) == Payment.AfterOrderFailed.REFUND) {
            refund(payment);
        }
    }

    /** Payments the recovery job must look at: PENDING for longer than allowed, or captured for a failed order. */
    @Transactional
    public List<UUID> abandoned(Instant pendingSince) {
        return Payment.<Payment>find(
                "(status = ?1 and createdAt < ?2) or (status = ?3 and refundOnCapture = true)",
                PaymentStatus.PENDING, pendingSince, PaymentStatus.CAPTURED)
                .page(0, 100).list().stream().map(p -> p.orderId).toList();
    }

    /**
     * Settles a payment whose process died during the provider call, by asking the provider what became of the
     * charge. A provider that never received it took no money: the payment FAILS.
     */
    @Transactional
    public void recover(UUID orderId, Instant pendingSince) {
        Payment payment = lock(orderId);
        if (payment.status == PaymentStatus.PENDING && payment.createdAt.isBefore(pendingSince)) {
            ChargeAnswer answer = provider.findCharge(orderId)
                    .orElseGet(() -> new ChargeAnswer.Failed(null, "the provider never received the charge"));
            settle(payment, answer);
            LOG.infof("Recovered the abandoned payment of order %s: %s", orderId, payment.status);
        }
        if (payment.isRefundDue()) {
            refund(payment);
        }
    }

    private boolean insertPending(UUID orderId, long amountMinor, String currency) {
        return entityManager.createNativeQuery("""
                insert into payment (order_id, amount_minor, currency, status, created_at, updated_at)
                values (:orderId, :amount, :currency, 'PENDING', now(), now())
                on conflict (order_id) do nothing
                """)
                .setParameter("orderId", orderId)
                .setParameter("amount", amountMinor)
                .setParameter("currency", currency)
                .executeUpdate() == 1;
    }

    /** Empty when another transaction holds the payment's row lock (a refund in progress). */
    private Optional<PaymentView> refundUnlessLocked(UUID orderId) {
        boolean locked = !entityManager
                .createNativeQuery("select order_id from payment where order_id = :id for update skip locked")
                .setParameter("id", orderId).getResultList().isEmpty();
        Payment payment = Payment.findById(orderId);
        if (payment == null) {
            throw new PaymentNotFoundException(orderId);
        }
        if (!locked) {
            return Optional.empty();
        }
        if (payment.status == PaymentStatus.REFUNDED) {
            return Optional.of(PaymentView.of(payment));
        }
        if (!payment.isRefundable()) {
            throw new PaymentNotRefundableException(PaymentView.of(payment));
        }
        refund(payment);
        return Optional.of(PaymentView.of(payment));
    }

    private ChargeResult repeated(UUID orderId, long amountMinor, String currency) {
        Instant deadline = Instant.now().plus(config.settleWait());
        while (true) {
            Payment payment = QuarkusTransaction.requiringNew().call(() -> Payment.<Payment>findById(orderId));
            if (!payment.isSameCharge(amountMinor, currency)) {
                throw new PaymentConflictException(orderId);
            }
            if (payment.status != PaymentStatus.PENDING || Instant.now().isAfter(deadline)) {
                return outcome(PaymentView.of(payment), false);
            }
            if (!pause()) {
                return outcome(PaymentView.of(payment), false);
            }
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(POLL);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ChargeResult outcome(PaymentView payment, boolean created) {
        return switch (payment.status()) {
            case DECLINED -> throw new PaymentDeclinedException(payment);
            case FAILED -> throw new PaymentProviderFailedException(payment);
            case PENDING, CAPTURED, REFUNDED -> new ChargeResult(payment, created);
        };
    }

    private PaymentView settle(UUID orderId, ChargeAnswer answer) {
        Payment payment = lock(orderId);
        settle(payment, answer);
        return PaymentView.of(payment);
    }

    private void settle(Payment payment, ChargeAnswer answer) {
        if (payment.settle(answer, Instant.now()) && payment.status == PaymentStatus.CAPTURED) {
            outbox.append(PaymentCaptured.TOPIC, payment.orderId.toString(),
                    PaymentCaptured.of(payment.orderId, money(payment)));
        }
    }

    private void refund(Payment payment) {
        switch (provider.refund(payment.providerReference)) {
            case RefundAnswer.Refunded refunded -> {
                payment.refunded(refunded.reference(), Instant.now());
                outbox.append(PaymentRefunded.TOPIC, payment.orderId.toString(),
                        PaymentRefunded.of(payment.orderId, money(payment)));
            }
            case RefundAnswer.Rejected rejected -> throw new IllegalStateException(
                    "The provider rejected the refund of order " + payment.orderId + ": " + rejected.message());
        }
    }

    private static Payment lock(UUID orderId) {
        Payment payment = Payment.findById(orderId, LockModeType.PESSIMISTIC_WRITE);
        if (payment == null) {
            throw new PaymentNotFoundException(orderId);
        }
        return payment;
    }

    private static Money money(Payment payment) {
        return new Money(payment.amountMinor, payment.currency);
    }
}
