package dev.cubeshop.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import dev.cubeshop.events.OrderCompleted;
import dev.cubeshop.events.OrderFailed;

/**
 * Sagas left in flight by a replica that died mid-way: inserted directly at an intermediate step, with the other
 * services' records as the crashed saga left them. The scheduled recovery job (every second in tests, deadline 4 s)
 * must finish or compensate them.
 */
@QuarkusTest
class RecoveryTest extends CheckoutTestSupport {
    @Inject
    EntityManager entityManager;
    @Inject
    OrderService orders;

    @Test
    void aSagaAbandonedAfterTheChargeIsCompletedByRecoveryWithoutChargingAgain() throws Exception {
        String sku = sku();
        String customer = customerWithCart(sku, 10);
        UUID orderId = UUID.randomUUID();
        standIns.inventory.reserveDirectly(orderId, sku, 2);
        standIns.payment.captureDirectly(orderId, 3998);
        try (EventProbe completed = EventProbe.on(OrderCompleted.TOPIC)) {
            abandoned(orderId, customer, OrderStatus.RESERVED, sku);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> order(customer, orderId).then()
                    .body("status", equalTo("COMPLETED")).body("payment.status", equalTo("CAPTURED")));
            assertThat(standIns.inventory.status(orderId)).isEqualTo("COMMITTED");
            assertThat(standIns.payment.chargeCalls(orderId)).isZero();
            List<JsonNode> events = completed.await(orderId.toString(), Duration.ofSeconds(20));
            assertThat(events).hasSize(1);
            assertThat(events.get(0).path("total").path("amountMinor").asLong()).isEqualTo(3998);
        }
    }

    @Test
    void aSagaAbandonedAfterReservingIsCompensatedByRecovery() throws Exception {
        String sku = sku();
        String customer = customerWithCart(sku, 10);
        UUID orderId = UUID.randomUUID();
        standIns.inventory.reserveDirectly(orderId, sku, 2);
        try (EventProbe failed = EventProbe.on(OrderFailed.TOPIC)) {
            abandoned(orderId, customer, OrderStatus.RESERVED, sku);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> order(customer, orderId).then()
                    .body("status", equalTo("FAILED")).body("reason", equalTo("checkout-abandoned")));
            assertThat(standIns.inventory.status(orderId)).isEqualTo("RELEASED");
            assertThat(standIns.inventory.reservedOf(sku)).isZero();
            assertThat(standIns.payment.chargeCalls(orderId)).isZero();
            List<JsonNode> events = failed.await(orderId.toString(), Duration.ofSeconds(20));
            assertThat(events).hasSize(1);
            assertThat(events.get(0).path("status").asText()).isEqualTo("FAILED");
        }
    }

    @Test
    void aSagaAbandonedWhileReservingReleasesWhatTheLostAnswerReserved() {
        String sku = sku();
        String customer = customerWithCart(sku, 10);
        UUID orderId = UUID.randomUUID();
        standIns.inventory.reserveDirectly(orderId, sku, 2);
        abandoned(orderId, customer, OrderStatus.PENDING, null);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> order(customer, orderId).then()
                .body("status", equalTo("FAILED")));
        assertThat(standIns.inventory.status(orderId)).isEqualTo("RELEASED");
        assertThat(standIns.payment.chargeCalls(orderId)).isZero();
    }

    @Test
    void aSagaStillWithinItsDeadlineIsLeftAlone() {
        String sku = sku();
        String customer = customerWithCart(sku, 10);
        UUID orderId = UUID.randomUUID();
        standIns.inventory.reserveDirectly(orderId, sku, 2);
        insert(orderId, customer, OrderStatus.RESERVED, sku, Instant.now().plusSeconds(60));

        List<UUID> claimed = orders.claimAbandoned(1000);

        assertThat(claimed).doesNotContain(orderId);
        assertThat(orders.find(orderId).status).isEqualTo(OrderStatus.RESERVED);
        assertThat(standIns.inventory.status(orderId)).isEqualTo("RESERVED");
        abandoned(orderId, customer, OrderStatus.RESERVED, null);
    }

    @Test
    void replicasRecoveringAtOnceTakeEverySagaExactlyOnce() throws Exception {
        String customer = customer();
        List<UUID> mine = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            UUID orderId = UUID.randomUUID();
            abandoned(orderId, customer, OrderStatus.PENDING, null);
            mine.add(orderId);
        }
        int replicas = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<UUID> claimed = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(replicas)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    List<UUID> batch;
                    do {
                        batch = orders.claimAbandoned(3);
                        claimed.addAll(batch);
                    } while (!batch.isEmpty());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        }

        assertThat(new HashSet<>(claimed)).as("no saga is claimed by two replicas").hasSameSizeAs(claimed);
        // Claimed but not worked on (these "replicas" only claim): the lease runs out and the job finishes them.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<OrderStatus> statuses = new HashSet<>();
            mine.forEach(id -> statuses.add(orders.find(id).status));
            assertThat(statuses).containsExactly(OrderStatus.FAILED);
        });
    }

    private void abandoned(UUID orderId, String customer, OrderStatus status, String sku) {
        insert(orderId, customer, status, sku, Instant.now().minusSeconds(1));
    }

    /** A saga as a crashed replica left it: state persisted up to {@code status}, lease already run out. */
    private void insert(UUID orderId, String customer, OrderStatus status, String sku, Instant dueAt) {
        QuarkusTransaction.requiringNew().run(() -> {
            int updated = entityManager.createNativeQuery("update customer_order set due_at = :dueAt where id = :id")
                    .setParameter("dueAt", dueAt).setParameter("id", orderId).executeUpdate();
            if (updated == 1) {
                return;
            }
            boolean reserved = status != OrderStatus.PENDING;
            entityManager.createNativeQuery("""
                    insert into customer_order (id, customer_id, idempotency_key, request_fingerprint, status,
                        total_minor, currency, due_at)
                    values (:id, :customer, :key, 'test', :status, :total, :currency, :dueAt)
                    """)
                    .setParameter("id", orderId)
                    .setParameter("customer", customer)
                    .setParameter("key", UUID.randomUUID())
                    .setParameter("status", status.name())
                    .setParameter("total", reserved ? 3998L : null)
                    .setParameter("currency", reserved ? "EUR" : null)
                    .setParameter("dueAt", dueAt)
                    .executeUpdate();
            if (reserved && sku != null) {
                entityManager.createNativeQuery("""
                        insert into order_item (order_id, line_no, sku, name, quantity, unit_price_minor, currency)
                        values (:id, 0, :sku, :name, 2, 1999, 'EUR')
                        """)
                        .setParameter("id", orderId).setParameter("sku", sku).setParameter("name", "Cube " + sku)
                        .executeUpdate();
            }
        });
    }
}
