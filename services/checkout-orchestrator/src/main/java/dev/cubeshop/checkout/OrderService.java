package dev.cubeshop.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Sort;

import dev.cubeshop.checkout.clients.ReservationView;
import dev.cubeshop.checkout.config.CheckoutConfig;
import dev.cubeshop.events.Money;
import dev.cubeshop.events.OrderCompleted;
import dev.cubeshop.events.OrderFailed;
import dev.cubeshop.events.OrderLine;
import dev.cubeshop.outbox.AfterCommit;
import dev.cubeshop.outbox.Outbox;

/**
 * Orders and their saga state. Each method is one short transaction: the saga never holds a transaction (or a row
 * lock) across a call to another service. Every transition locks the row and asks the entity, so a step applied twice
 * does nothing; terminal transitions write their event to the outbox in the same transaction.
 */
@ApplicationScoped
public class OrderService {
    private static final List<String> IN_FLIGHT = List.of("PENDING", "RESERVED", "PAID");

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final CheckoutConfig config;
    private final SagaMetrics metrics;
    private final TransactionSynchronizationRegistry transactions;

    OrderService(EntityManager entityManager, Outbox outbox, CheckoutConfig config, SagaMetrics metrics,
            TransactionSynchronizationRegistry transactions) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.config = config;
        this.metrics = metrics;
        this.transactions = transactions;
    }

    /** The order for this (customer, key): {@code created} only for the request that created it. */
    public record Opened(UUID orderId, boolean created) {}

    /**
     * Creates the PENDING order, or finds the one this key created before. Racing requests with the same key are
     * decided by the unique constraint: the second insert waits for the first to commit and then inserts nothing.
     */
    @Transactional
    public Opened open(String customerId, UUID idempotencyKey, String fingerprint) {
        int inserted = entityManager.createNativeQuery("""
                insert into customer_order (id, customer_id, idempotency_key, request_fingerprint, status, due_at)
                values (:id, :customer, :key, :fingerprint, 'PENDING', :dueAt)
                on conflict (customer_id, idempotency_key) do nothing
                """)
                .setParameter("id", UUID.randomUUID())
                .setParameter("customer", customerId)
                .setParameter("key", idempotencyKey)
                .setParameter("fingerprint", fingerprint)
                .setParameter("dueAt", Instant.now().plus(config.recovery().deadline()))
                .executeUpdate();
        Order order = Order.<Order>find("customerId = ?1 and idempotencyKey = ?2", customerId, idempotencyKey)
                .singleResult();
        if (!order.sameRequest(fingerprint)) {
            throw new IdempotencyKeyReusedException(idempotencyKey);
        }
        return new Opened(order.id, inserted == 1);
    }

    @Transactional
    public Order find(UUID id) {
        Order order = Order.findById(id);
        if (order == null) {
            throw new OrderNotFoundException(id);
        }
        return order;
    }

    /** The customer's order; another customer's order is not found. */
    @Transactional
    public Order findFor(String customerId, UUID id) {
        Order order = Order.findById(id);
        if (order == null || !order.customerId.equals(customerId)) {
            throw new OrderNotFoundException(id);
        }
        return order;
    }

    public record Page(List<Order> orders, long total) {}

    @Transactional
    public Page page(String customerId, int page, int size) {
        var query = Order.<Order>find("customerId", Sort.descending("createdAt", "id"), customerId);
        return new Page(query.page(page, size).list(), query.count());
    }

    @Transactional
    public boolean reserved(UUID id, ReservationView reservation) {
        List<OrderItem> items = reservation.lines().stream()
                .map(line -> OrderItem.of(line.sku(), line.name(), line.quantity(), line.unitPrice().amountMinor(),
                        line.unitPrice().currency()))
                .toList();
        return lock(id).reserved(items, reservation.total().amountMinor(), reservation.total().currency(),
                Instant.now(), config.recovery().deadline());
    }

    @Transactional
    public boolean paid(UUID id) {
        return lock(id).paid(Instant.now(), config.recovery().deadline());
    }

    @Transactional
    public boolean completed(UUID id) {
        Order order = lock(id);
        Instant now = Instant.now();
        if (!order.completed(now)) {
            return false;
        }
        countOnCommit(order, OrderStatus.COMPLETED, now);
        List<OrderLine> lines = order.items.stream()
                .map(item -> new OrderLine(item.sku, item.quantity, new Money(item.unitPriceMinor, item.currency)))
                .toList();
        outbox.append(OrderCompleted.TOPIC, id.toString(), OrderCompleted.of(id, order.customerId, lines,
                new Money(order.total(), order.currency)));
        return true;
    }

    @Transactional
    public boolean failed(UUID id, OrderStatus outcome, Failure failure, String paymentStatus) {
        Order order = lock(id);
        Instant now = Instant.now();
        if (!order.failed(outcome, failure, paymentStatus, now)) {
            return false;
        }
        countOnCommit(order, outcome, now);
        outbox.append(OrderFailed.TOPIC, id.toString(),
                OrderFailed.of(id, order.customerId, outcome.name(), failure.kind()));
        return true;
    }

    /**
     * Takes over sagas whose lease ran out (their replica crashed or gave up), at most {@code limit}. SKIP LOCKED lets
     * every replica run this at once: each saga goes to one of them, which renews its lease before working on it.
     */
    @Transactional
    public List<UUID> claimAbandoned(int limit) {
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        List<UUID> ids = entityManager.createNativeQuery("""
                select id from customer_order
                where status in (:inFlight) and due_at < :now
                order by due_at
                limit :limit
                for update skip locked
                """, UUID.class)
                .setParameter("inFlight", IN_FLIGHT)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
        if (!ids.isEmpty()) {
            entityManager.createNativeQuery("update customer_order set due_at = :dueAt where id in (:ids)")
                    .setParameter("dueAt", now.plus(config.recovery().deadline()))
                    .setParameter("ids", ids)
                    .executeUpdate();
        }
        return ids;
    }

    /**
     * The transition is guarded by the row lock, so each saga ends once whichever replica (or the recovery job) ends
     * it; counting after the commit keeps a rolled-back transition out of the metrics.
     */
    private void countOnCommit(Order order, OrderStatus outcome, Instant endedAt) {
        Duration took = order.createdAt == null ? Duration.ZERO : Duration.between(order.createdAt, endedAt);
        AfterCommit.run(transactions, () -> metrics.ended(outcome, took));
    }

    private Order lock(UUID id) {
        Order order = Order.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (order == null) {
            throw new OrderNotFoundException(id);
        }
        return order;
    }
}
