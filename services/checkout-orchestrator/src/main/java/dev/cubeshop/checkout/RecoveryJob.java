package dev.cubeshop.checkout;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import dev.cubeshop.checkout.config.CheckoutConfig;

/**
 * Finishes or compensates sagas left in flight past their deadline: a replica that crashed mid-saga, an answer that
 * never came, a dependency that was down while compensating. Runs on every replica; {@link OrderService#claimAbandoned}
 * hands each saga to exactly one of them (SKIP LOCKED) and renews its lease, so a replica that dies while recovering
 * passes the saga on after another deadline.
 */
@ApplicationScoped
public class RecoveryJob {
    private static final Logger LOG = Logger.getLogger(RecoveryJob.class);

    private final OrderService orders;
    private final CheckoutSaga saga;
    private final CheckoutConfig config;

    RecoveryJob(OrderService orders, CheckoutSaga saga, CheckoutConfig config) {
        this.orders = orders;
        this.saga = saga;
        this.config = config;
    }

    @Scheduled(every = "${checkout.recovery.interval:5s}", delay = 5, delayUnit = TimeUnit.SECONDS, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        recover();
    }

    /** One pass: claims what is due and works through it. Returns how many sagas were claimed. */
    public int recover() {
        List<UUID> claimed = orders.claimAbandoned(config.recovery().batchSize());
        for (UUID orderId : claimed) {
            try {
                saga.resume(orderId);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Recovery of order %s failed; it is retried when its lease runs out", orderId);
            }
        }
        return claimed.size();
    }
}
