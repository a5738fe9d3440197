package dev.cubeshop.payment;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import dev.cubeshop.payment.config.PaymentConfig;

/**
 * Settles payments that a dead process left PENDING (it inserted the payment, then died before it recorded the
 * provider's answer), and refunds captures that arrived after their order had failed. Every replica runs it; the row
 * lock in {@link PaymentService#recover} makes a second replica find the payment already settled.
 */
@ApplicationScoped
public class PaymentRecovery {
    private static final Logger LOG = Logger.getLogger(PaymentRecovery.class);

    private final PaymentService payments;
    private final PaymentConfig config;

    PaymentRecovery(PaymentService payments, PaymentConfig config) {
        this.payments = payments;
        this.config = config;
    }

    @Scheduled(every = "${payment.recovery.every:30s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        recover(Instant.now().minus(config.recovery().staleAfter()));
    }

    /** Settles what was PENDING since before {@code pendingSince}. Returns how many payments it looked at. */
    public int recover(Instant pendingSince) {
        int count = 0;
        for (UUID orderId : payments.abandoned(pendingSince)) {
            try {
                payments.recover(orderId, pendingSince);
                count++;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not recover the payment of order %s; retrying on the next run", orderId);
            }
        }
        return count;
    }
}
