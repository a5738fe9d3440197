package dev.cubeshop.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An order and the state of its saga: PENDING → RESERVED → PAID → COMPLETED, or one of the failed terminal states.
 * Every transition names the state it starts from, so a step applied twice (a retry, a racing recovery job) finds
 * the order already moved on and does nothing. Callers hold the row lock while they ask for a transition.
 */
@Entity
@Table(name = "customer_order")
public class Order extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "idempotency_key")
    public UUID idempotencyKey;
    @Column(name = "request_fingerprint")
    public String requestFingerprint;
    @Enumerated(EnumType.STRING)
    public OrderStatus status;
    @Column(name = "total_minor")
    public Long totalMinor;
    public String currency;
    /** The payment state as the saga last saw it; order views ask the payment service for the current one. */
    @Column(name = "payment_status")
    public String paymentStatus;
    @JdbcTypeCode(SqlTypes.JSON)
    public Failure failure;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_item", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    public List<OrderItem> items = new ArrayList<>();

    /** Whether a repeated request with the same Idempotency-Key asks for the same thing. */
    public boolean sameRequest(String fingerprint) {
        return requestFingerprint.equals(fingerprint);
    }

    /** PENDING → RESERVED: inventory holds the lines at these (authoritative) prices. */
    public boolean reserved(List<OrderItem> reservedItems, long total, String totalCurrency, Instant now,
            Duration lease) {
        if (status != OrderStatus.PENDING) {
            return false;
        }
        items.clear();
        items.addAll(reservedItems);
        totalMinor = total;
        currency = totalCurrency;
        moveTo(OrderStatus.RESERVED, now, lease);
        return true;
    }

    /** RESERVED → PAID: the payment is captured. */
    public boolean paid(Instant now, Duration lease) {
        if (status != OrderStatus.RESERVED) {
            return false;
        }
        paymentStatus = "CAPTURED";
        moveTo(OrderStatus.PAID, now, lease);
        return true;
    }

    /** PAID → COMPLETED: the stock left on-hand. */
    public boolean completed(Instant now) {
        if (status != OrderStatus.PAID) {
            return false;
        }
        moveTo(OrderStatus.COMPLETED, now, Duration.ZERO);
        return true;
    }

    /**
     * In flight → a failed terminal state, after compensation. REJECTED only before anything was reserved or charged.
     */
    public boolean failed(OrderStatus outcome, Failure why, String lastPaymentStatus, Instant now) {
        if (outcome != OrderStatus.REJECTED && outcome != OrderStatus.PAYMENT_DECLINED
                && outcome != OrderStatus.FAILED) {
            throw new IllegalArgumentException(outcome + " is not a failed outcome");
        }
        if (status.terminal() || (outcome == OrderStatus.REJECTED && status != OrderStatus.PENDING)) {
            return false;
        }
        failure = why;
        if (lastPaymentStatus != null) {
            paymentStatus = lastPaymentStatus;
        }
        moveTo(outcome, now, Duration.ZERO);
        return true;
    }

    /** Another step is about to start: the recovery job leaves this saga alone until the lease runs out. */
    public void renewLease(Instant now, Duration lease) {
        dueAt = now.plus(lease);
    }

    public long total() {
        return totalMinor == null ? 0 : totalMinor;
    }

    private void moveTo(OrderStatus next, Instant now, Duration lease) {
        status = next;
        updatedAt = now;
        dueAt = now.plus(lease);
    }
}
