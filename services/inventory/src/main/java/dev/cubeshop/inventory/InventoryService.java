package dev.cubeshop.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.cubeshop.events.StockChanged;
import dev.cubeshop.inventory.InsufficientStockException.Unavailable;
import dev.cubeshop.inventory.api.Money;
import dev.cubeshop.inventory.api.ReservationView;
import dev.cubeshop.inventory.api.StockRequest;
import dev.cubeshop.inventory.api.StockView;
import dev.cubeshop.inventory.config.InventoryConfig;
import dev.cubeshop.outbox.Outbox;
import dev.cubeshop.outbox.ProcessedEvents;

/**
 * Stock and reservations. Every stock change is one conditional SQL update (the database decides, so replicas
 * cannot oversell), stock rows are always locked in sku order (no deadlocks between transactions), and every change
 * appends a {@link StockChanged} event to the outbox in the same transaction.
 */
@ApplicationScoped
public class InventoryService {
    private static final Logger LOG = Logger.getLogger(InventoryService.class);
    static final String ORDER_FAILED_CONSUMER = "inventory.order-failed";

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final ProcessedEvents processedEvents;
    private final InventoryConfig config;

    InventoryService(EntityManager entityManager, Outbox outbox, ProcessedEvents processedEvents,
            InventoryConfig config) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.processedEvents = processedEvents;
        this.config = config;
    }

    /** A reservation and whether this call created it (201) or found the same one (200). */
    public record Reserved(ReservationView reservation, boolean created) {}

    /**
     * Reserves every line or nothing. The same order id with the same lines returns the existing reservation, in
     * whatever state it is now; with other lines it is a conflict.
     */
    @Transactional
    public Reserved reserve(UUID orderId, Map<String, Integer> quantities) {
        Instant now = Instant.now();
        // Claim the order id first: a concurrent twin request waits on this row until the first one commits (then
        // it sees the reservation) or rolls back (then it reserves itself).
        int claimed = entityManager.createNativeQuery("""
                insert into reservation (order_id, status, expires_at, created_at, updated_at)
                values (:orderId, 'RESERVED', :expiresAt, :now, :now)
                on conflict (order_id) do nothing
                """)
                .setParameter("orderId", orderId)
                .setParameter("expiresAt", now.plus(config.reservation().ttl()))
                .setParameter("now", now)
                .executeUpdate();
        if (claimed == 0) {
            Reservation existing = Reservation.findById(orderId);
            if (!existing.hasLines(quantities)) {
                throw new ReservationConflictException(orderId);
            }
            return new Reserved(view(existing), false);
        }

        Map<String, Product> products = Product.<Product>list("sku in ?1", quantities.keySet()).stream()
                .collect(Collectors.toMap(product -> product.sku, Function.identity()));
        List<String> unknown = quantities.keySet().stream().filter(sku -> !products.containsKey(sku)).sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new UnknownProductException(unknown);
        }

        List<Unavailable> unavailable = new ArrayList<>();
        List<ReservationLine> lines = new ArrayList<>();
        List<StockView> changed = new ArrayList<>();
        for (var wanted : new TreeMap<>(quantities).entrySet()) {
            Product product = products.get(wanted.getKey());
            int quantity = wanted.getValue();
            if (!product.active) {
                unavailable.add(new Unavailable(product.sku, quantity, 0));
                continue;
            }
            StockView stock = stockUpdate("""
                    update stock set reserved = reserved + :quantity
                    where sku = :sku and on_hand - reserved >= :quantity
                    returning sku, on_hand, reserved
                    """, product.sku, quantity);
            if (stock == null) {
                unavailable.add(new Unavailable(product.sku, quantity, available(product.sku)));
            } else {
                lines.add(ReservationLine.of(product, quantity));
                changed.add(stock);
            }
        }
        if (!unavailable.isEmpty()) {
            // Rolls back the claim and every line reserved above: all or nothing.
            throw new InsufficientStockException(unavailable);
        }
        Reservation reservation = Reservation.findById(orderId);
        reservation.lines.addAll(lines);
        changed.forEach(this::stockChanged);
        return new Reserved(view(reservation), true);
    }

    @Transactional
    public ReservationView reservation(UUID orderId) {
        Reservation reservation = Reservation.findById(orderId);
        if (reservation == null) {
            throw new ReservationNotFoundException(orderId);
        }
        return view(reservation);
    }

    /**
     * Lets the reserved stock leave. Repeating it is harmless. A reservation past its expiry is expired here (its
     * stock goes back, and that must persist) and the commit is refused.
     */
    @Transactional(dontRollbackOn = ReservationNotCommittableException.class)
    public ReservationView commit(UUID orderId) {
        Reservation reservation = locked(orderId);
        switch (reservation.commit(Instant.now())) {
            case ALREADY_COMMITTED -> {
            }
            case COMMITTED_NOW -> {
                for (ReservationLine line : reservation.linesInLockOrder()) {
                    stockChanged(required(stockUpdate("""
                            update stock set on_hand = on_hand - :quantity, reserved = reserved - :quantity
                            where sku = :sku and reserved >= :quantity
                            returning sku, on_hand, reserved
                            """, line.sku, line.quantity), line.sku));
                }
            }
            case EXPIRED_NOW -> {
                giveBack(quantities(List.of(reservation)));
                throw new ReservationNotCommittableException(orderId, Reservation.Status.EXPIRED);
            }
        }
        return view(reservation);
    }

    /** Gives held stock back. Repeating it is harmless; a committed reservation stays committed. */
    @Transactional
    public ReservationView release(UUID orderId) {
        Reservation reservation = locked(orderId);
        if (reservation.release(Instant.now())) {
            giveBack(quantities(List.of(reservation)));
        }
        return view(reservation);
    }

    /**
     * Expires one batch of reservations past their expiry. SKIP LOCKED lets several replicas run the job at once
     * without waiting for or double-releasing each other's rows. Returns how many reservations were expired.
     */
    @Transactional
    public int expireDue() {
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        List<Reservation> due = entityManager.createNativeQuery("""
                select * from reservation
                where status = 'RESERVED' and expires_at <= :now
                order by expires_at
                limit :batch
                for update skip locked
                """, Reservation.class)
                .setParameter("now", now)
                .setParameter("batch", config.reservation().expiryBatchSize())
                .getResultList();
        List<Reservation> expired = due.stream().filter(reservation -> reservation.expire(now)).toList();
        giveBack(quantities(expired));
        if (!expired.isEmpty()) {
            LOG.infof("Expired %d reservation(s) past their expiry", expired.size());
        }
        return expired.size();
    }

    /**
     * An order failed: make sure it holds no stock. Recorded with the event id in the same transaction, so a
     * duplicated event does nothing.
     */
    @Transactional
    public void orderFailed(UUID eventId, UUID orderId) {
        if (!processedEvents.firstTime(eventId, ORDER_FAILED_CONSUMER)) {
            LOG.debugf("OrderFailed %s for order %s was already handled", eventId, orderId);
            return;
        }
        Reservation reservation = Reservation.findById(orderId, LockModeType.PESSIMISTIC_WRITE);
        if (reservation == null) {
            return;
        }
        if (reservation.status == Reservation.Status.COMMITTED) {
            // The orchestrator refunds an order whose commit succeeded but failed later; the stock has left.
            LOG.warnf("Order %s failed but its reservation is committed; left as it is", orderId);
            return;
        }
        if (reservation.release(Instant.now())) {
            giveBack(quantities(List.of(reservation)));
        }
    }

    @Transactional
    public StockView setOnHand(String sku, int onHand) {
        Product.requireWellFormedSku(sku);
        StockView stock = stockUpdate("""
                update stock set on_hand = :quantity
                where sku = :sku and reserved <= :quantity
                returning sku, on_hand, reserved
                """, sku, onHand);
        if (stock == null) {
            throw refusal(sku, onHand);
        }
        stockChanged(stock);
        return stock;
    }

    @Transactional
    public StockView adjustOnHand(String sku, int delta) {
        Product.requireWellFormedSku(sku);
        StockView stock = stockUpdate("""
                update stock set on_hand = on_hand + :quantity
                where sku = :sku and on_hand::bigint + :quantity between reserved and %d
                returning sku, on_hand, reserved
                """.formatted(StockRequest.MAX_ON_HAND), sku, delta);
        if (stock == null) {
            Stock current = Stock.findById(sku);
            if (current == null) {
                throw new ProductNotFoundException(sku);
            }
            long requested = (long) current.onHand + delta;
            if (requested > StockRequest.MAX_ON_HAND) {
                throw new InvalidRequestException("delta",
                        "on-hand stock cannot exceed " + StockRequest.MAX_ON_HAND + " units");
            }
            throw new StockBelowReservedException(sku, (int) requested, current.reserved);
        }
        stockChanged(stock);
        return stock;
    }

    private RuntimeException refusal(String sku, int requestedOnHand) {
        Stock current = Stock.findById(sku);
        if (current == null) {
            return new ProductNotFoundException(sku);
        }
        return new StockBelowReservedException(sku, requestedOnHand, current.reserved);
    }

    private Reservation locked(UUID orderId) {
        Reservation reservation = Reservation.findById(orderId, LockModeType.PESSIMISTIC_WRITE);
        if (reservation == null) {
            throw new ReservationNotFoundException(orderId);
        }
        return reservation;
    }

    /** Units to give back per sku, sorted by sku: one update per row, in lock order. */
    private static SortedMap<String, Integer> quantities(List<Reservation> reservations) {
        SortedMap<String, Integer> quantities = new TreeMap<>();
        for (Reservation reservation : reservations) {
            for (ReservationLine line : reservation.lines) {
                quantities.merge(line.sku, line.quantity, Integer::sum);
            }
        }
        return quantities;
    }

    private void giveBack(SortedMap<String, Integer> quantities) {
        quantities.forEach((sku, quantity) -> stockChanged(required(stockUpdate("""
                update stock set reserved = reserved - :quantity
                where sku = :sku and reserved >= :quantity
                returning sku, on_hand, reserved
                """, sku, quantity), sku)));
    }

    /** Runs one conditional update on a stock row; null when the condition (or the row) was not there. */
    private StockView stockUpdate(String sql, String sku, int quantity) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(sql)
                .setParameter("sku", sku)
                .setParameter("quantity", quantity)
                .getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        int onHand = ((Number) row[1]).intValue();
        int reserved = ((Number) row[2]).intValue();
        return new StockView((String) row[0], onHand, reserved, onHand - reserved);
    }

    private static StockView required(StockView stock, String sku) {
        if (stock == null) {
            // Held units are always within reserved (checked when they were reserved); reaching this is a bug.
            throw new IllegalStateException("Stock of " + sku + " does not hold the reserved units");
        }
        return stock;
    }

    private int available(String sku) {
        return ((Number) entityManager.createNativeQuery("select on_hand - reserved from stock where sku = :sku")
                .setParameter("sku", sku).getSingleResult()).intValue();
    }

    private void stockChanged(StockView stock) {
        outbox.append(StockChanged.TOPIC, stock.sku(), StockChanged.of(stock.sku(), stock.onHand(), stock.reserved()));
    }

    static ReservationView view(Reservation reservation) {
        List<ReservationView.Line> lines = reservation.lines.stream()
                .sorted((a, b) -> a.sku.compareTo(b.sku))
                .map(line -> new ReservationView.Line(line.sku, line.name, line.quantity,
                        new Money(line.unitPriceMinor, line.currency)))
                .toList();
        String currency = reservation.lines.isEmpty() ? null : reservation.lines.get(0).currency;
        return new ReservationView(reservation.orderId, reservation.status.name(), reservation.expiresAt, lines,
                new Money(reservation.totalMinor(), currency));
    }
}
