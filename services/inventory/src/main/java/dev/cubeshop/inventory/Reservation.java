package dev.cubeshop.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * Stock held for one order. Its state machine: RESERVED → COMMITTED (the stock leaves), RESERVED → RELEASED (given
 * back by the orchestrator or an OrderFailed event), RESERVED → EXPIRED (given back by the expiry job). Every other
 * state is final. Callers hold the row lock while they ask for a transition, so two transitions cannot interleave.
 */
@Entity
@Table(name = "reservation")
public class Reservation extends PanacheEntityBase {
    public enum Status {
        RESERVED, COMMITTED, RELEASED, EXPIRED
    }

    /** What a commit did; an expired reservation cannot be committed and its stock goes back. */
    public enum CommitOutcome {
        COMMITTED_NOW, ALREADY_COMMITTED, EXPIRED_NOW
    }

    @Id
    @Column(name = "order_id")
    public UUID orderId;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "reservation_line", joinColumns = @JoinColumn(name = "order_id"))
    public List<ReservationLine> lines = new ArrayList<>();

    public static Reservation hold(UUID orderId, List<ReservationLine> lines, Instant now, Duration ttl) {
        Reservation reservation = new Reservation();
        reservation.orderId = orderId;
        reservation.status = Status.RESERVED;
        reservation.createdAt = now;
        reservation.updatedAt = now;
        reservation.expiresAt = now.plus(ttl);
        reservation.lines = new ArrayList<>(lines);
        return reservation;
    }

    /** Whether a repeated request asks for exactly these lines (order of lines does not matter). */
    public boolean hasLines(Map<String, Integer> quantities) {
        Map<String, Integer> mine = lines.stream()
                .collect(Collectors.toMap(line -> line.sku, line -> line.quantity));
        return mine.equals(quantities);
    }

    public CommitOutcome commit(Instant now) {
        return switch (status) {
            case COMMITTED -> CommitOutcome.ALREADY_COMMITTED;
            case RELEASED, EXPIRED -> throw new ReservationNotCommittableException(orderId, status);
            case RESERVED -> {
                if (!now.isBefore(expiresAt)) {
                    moveTo(Status.EXPIRED, now);
                    yield CommitOutcome.EXPIRED_NOW;
                }
                moveTo(Status.COMMITTED, now);
                yield CommitOutcome.COMMITTED_NOW;
            }
        };
    }

    /** True when this call gave the stock back; false when nothing was held any more. */
    public boolean release(Instant now) {
        return switch (status) {
            case RESERVED -> {
                moveTo(Status.RELEASED, now);
                yield true;
            }
            case RELEASED, EXPIRED -> false;
            case COMMITTED -> throw new ReservationCommittedException(orderId);
        };
    }

    /** True when the reservation was still held and is past its expiry: its stock must go back. */
    public boolean expire(Instant now) {
        if (status != Status.RESERVED || now.isBefore(expiresAt)) {
            return false;
        }
        moveTo(Status.EXPIRED, now);
        return true;
    }

    /** Lines in sku order: stock rows are always locked in this order, so two transactions cannot deadlock. */
    public List<ReservationLine> linesInLockOrder() {
        return lines.stream().sorted(Comparator.comparing(line -> line.sku)).toList();
    }

    public long totalMinor() {
        return lines.stream().mapToLong(line -> line.unitPriceMinor * line.quantity).sum();
    }

    private void moveTo(Status next, Instant now) {
        status = next;
        updatedAt = now;
    }
}
