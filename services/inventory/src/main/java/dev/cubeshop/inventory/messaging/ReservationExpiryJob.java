package dev.cubeshop.inventory.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import dev.cubeshop.inventory.InventoryService;
import dev.cubeshop.inventory.config.InventoryConfig;

/**
 * Releases reservations past their expiry: the backstop for sagas that never finished. Every replica runs it; the
 * batches use SKIP LOCKED, so replicas share the work instead of colliding.
 */
@ApplicationScoped
public class ReservationExpiryJob {
    private static final Logger LOG = Logger.getLogger(ReservationExpiryJob.class);

    private final InventoryService inventory;
    private final InventoryConfig config;

    ReservationExpiryJob(InventoryService inventory, InventoryConfig config) {
        this.inventory = inventory;
        this.config = config;
    }

    @Scheduled(every = "${inventory.reservation.expiry-interval:10s}", delayed = "${inventory.reservation.expiry-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        try {
            int expired;
            do {
                expired = inventory.expireDue();
            } while (expired == config.reservation().expiryBatchSize());
        } catch (RuntimeException e) {
            // The next run tries again; expiry is a backstop, a missed run only delays it.
            LOG.warnf("Reservation expiry failed (%s); retrying on the next run", e.getMessage());
        }
    }
}
