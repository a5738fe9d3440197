package dev.cubeshop.systemtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import dev.cubeshop.platform.sharding.ShardMap;

/**
 * Checks the invariants of ARCHITECTURE.md by reading every service's own database, read-only, with each service's
 * own database user (the checker has no privilege a service does not have). It looks at one run's data only: the
 * customers whose id starts with the run's prefix, and the products whose initial stock the run recorded.
 *
 * <ol>
 * <li>Stock never oversells: initial on-hand = on-hand + committed quantity; reserved = the quantity of held
 * reservations and never above on-hand.</li>
 * <li>A COMPLETED order has exactly one captured, unrefunded payment of its total (one approved charge at the
 * provider, no refund) and a COMMITTED reservation of exactly its lines.</li>
 * <li>Any other terminal order has no net money taken and holds no reservation.</li>
 * <li>No order stays in flight longer than the recovery deadline.</li>
 * <li>One order per (customer, Idempotency-Key); at most one approved provider charge per order; no payment without an
 * order.</li>
 * <li>A completed order's lines have left the customer's cart (the run's customers do not refill after checking out).</li>
 * <li>Every event of the run's orders was published and consumed by each of its consumers exactly once.</li>
 * <li>Every cart of the run's customers lies in the cart shard that owns the customer: none in two shards.</li>
 * </ol>
 */
public final class InvariantChecker {
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "REJECTED", "PAYMENT_DECLINED", "FAILED");

    private final String host;
    private final String port;
    /** The stack's cart shards, mapped as the gateway, the orchestrator and the shards map them. */
    private final ShardMap shards;

    public InvariantChecker() {
        this(Stack.CART_SHARDS);
    }

    public InvariantChecker(int cartShards) {
        this.host = env("CUBESHOP_PG_HOST", "127.0.0.1");
        this.port = env("CUBESHOP_PG_PORT", "5432");
        this.shards = new ShardMap(cartShards);
    }

    /** What one run touched: its customers (by id prefix) and the initial on-hand of its products. */
    public record Scope(String customerPrefix, Map<String, Integer> initialStock, Duration recoveryDeadline) {}

    /** The outcome: counts per order status and every violation found, each naming its invariant. */
    public record Report(Map<String, Integer> ordersByStatus, int products, List<String> violations) {
        public boolean clean() {
            return violations.isEmpty();
        }

        /** Orders whose saga has not reached a terminal status yet. */
        public int inFlight() {
            return ordersByStatus.entrySet().stream().filter(e -> !TERMINAL.contains(e.getKey()))
                    .mapToInt(Map.Entry::getValue).sum();
        }

        public String summary() {
            StringBuilder out = new StringBuilder("invariants: orders ").append(ordersByStatus).append(", products ")
                    .append(products).append(", violations ").append(violations.size());
            violations.stream().limit(50).forEach(v -> out.append("\n  - ").append(v));
            if (violations.size() > 50) {
                out.append("\n  … ").append(violations.size() - 50).append(" more");
            }
            return out.toString();
        }
    }

    private record OrderRow(UUID id, String customer, String status, long totalMinor, String currency,
            double ageSeconds, Map<String, Integer> lines) {}

    private record PaymentRow(String status, long amountMinor, String currency) {}

    private record ReservationRow(String status, Map<String, Integer> lines) {}

    public Report check(Scope scope) {
        List<String> violations = new ArrayList<>();
        List<Connection> carts = new ArrayList<>();
        try (Connection checkout = connect("checkout");
                Connection inventory = connect("inventory");
                Connection payment = connect("payment")) {
            for (int shard = 0; shard < shards.count(); shard++) {
                carts.add(connect("cart_" + shard));
            }
            Map<UUID, OrderRow> orders = orders(checkout, scope.customerPrefix());
            Map<String, Integer> byStatus = new TreeMap<>();
            orders.values().forEach(o -> byStatus.merge(o.status(), 1, Integer::sum));

            Map<UUID, PaymentRow> payments = payments(payment, orders.keySet());
            Map<UUID, int[]> provider = providerMoney(payment, orders.keySet());
            Map<UUID, ReservationRow> reservations = reservations(inventory, orders.keySet());

            checkStock(inventory, scope.initialStock(), violations);
            for (OrderRow order : orders.values()) {
                checkOrder(order, payments.get(order.id()), provider.getOrDefault(order.id(), new int[2]),
                        reservations.get(order.id()), scope, violations);
            }
            checkIdempotency(checkout, scope.customerPrefix(), violations);
            checkCarts(carts, orders.values(), violations);
            checkShards(carts, scope.customerPrefix(), violations);
            checkEvents(checkout, carts, inventory, payment, orders, violations);
            return new Report(byStatus, scope.initialStock().size(), violations);
        } catch (SQLException e) {
            throw new IllegalStateException("the invariant checker could not read the databases: " + e.getMessage(), e);
        } finally {
            for (Connection cart : carts) {
                try {
                    cart.close();
                } catch (SQLException e) {
                    // Read-only: nothing to lose.
                }
            }
        }
    }

    // 1. Stock.
    private void checkStock(Connection inventory, Map<String, Integer> initialStock, List<String> violations)
            throws SQLException {
        String sql = """
                select s.sku, s.on_hand, s.reserved,
                       coalesce((select sum(l.quantity) from reservation_line l join reservation r using (order_id)
                                 where l.sku = s.sku and r.status = 'COMMITTED'), 0) as committed,
                       coalesce((select sum(l.quantity) from reservation_line l join reservation r using (order_id)
                                 where l.sku = s.sku and r.status = 'RESERVED'), 0) as held
                from stock s where s.sku = any(?)""";
        try (PreparedStatement statement = inventory.prepareStatement(sql)) {
            statement.setArray(1, inventory.createArrayOf("text", initialStock.keySet().toArray()));
            Set<String> seen = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String sku = rows.getString("sku");
                    seen.add(sku);
                    int onHand = rows.getInt("on_hand");
                    int reserved = rows.getInt("reserved");
                    long committed = rows.getLong("committed");
                    long held = rows.getLong("held");
                    int initial = initialStock.get(sku);
                    if (onHand + committed != initial) {
                        violations.add("I1 " + sku + ": initial on-hand " + initial + " ≠ on-hand " + onHand
                                + " + committed " + committed);
                    }
                    if (reserved != held) {
                        violations.add("I1 " + sku + ": reserved " + reserved + " ≠ held by reservations " + held);
                    }
                    if (reserved < 0 || reserved > onHand) {
                        violations.add("I1 " + sku + ": reserved " + reserved + " outside 0.." + onHand);
                    }
                }
            }
            for (String sku : initialStock.keySet()) {
                if (!seen.contains(sku)) {
                    violations.add("I1 " + sku + ": no stock row");
                }
            }
        }
    }

    // 2, 3, 4. Money and reservations per order, and sagas left in flight.
    private void checkOrder(OrderRow order, PaymentRow payment, int[] provider, ReservationRow reservation,
            Scope scope, List<String> violations) {
        int approved = provider[0];
        int refunded = provider[1];
        String id = order.id() + " (" + order.customer() + ", " + order.status() + ")";
        if (!TERMINAL.contains(order.status())) {
            if (order.ageSeconds() > scope.recoveryDeadline().toSeconds()) {
                violations.add("I4 " + id + ": still in flight after " + Math.round(order.ageSeconds()) + " s");
            }
            return;
        }
        if (approved > 1) {
            violations.add("I5 " + id + ": " + approved + " approved charges at the provider");
        }
        if (order.status().equals("COMPLETED")) {
            if (payment == null || !payment.status().equals("CAPTURED")) {
                violations.add("I2 " + id + ": payment " + (payment == null ? "missing" : payment.status()));
            } else if (payment.amountMinor() != order.totalMinor()
                    || !Objects.equals(payment.currency(), order.currency())) {
                violations.add("I2 " + id + ": paid " + payment.amountMinor() + " " + payment.currency()
                        + " for a total of " + order.totalMinor() + " " + order.currency());
            }
            if (approved - refunded != 1) {
                violations.add("I2 " + id + ": net charges at the provider " + (approved - refunded) + ", not 1");
            }
            if (reservation == null || !reservation.status().equals("COMMITTED")) {
                violations.add("I2 " + id + ": reservation " + (reservation == null
                        ? "missing"
                        : reservation.status()));
            } else if (!reservation.lines().equals(order.lines())) {
                violations.add("I2 " + id + ": committed " + reservation.lines() + " but ordered " + order.lines());
            }
        } else {
            if (approved - refunded != 0) {
                violations.add("I3 " + id + ": net charges at the provider " + (approved - refunded));
            }
            if (payment != null && payment.status().equals("CAPTURED")) {
                violations.add("I3 " + id + ": payment still CAPTURED");
            }
            if (reservation != null && reservation.status().equals("RESERVED")) {
                violations.add("I3 " + id + ": reservation still held");
            }
            if (reservation != null && reservation.status().equals("COMMITTED")) {
                violations.add("I3 " + id + ": reservation COMMITTED for an order that did not complete");
            }
        }
    }

    // 5. Idempotency: one order per key, no payment without an order.
    private void checkIdempotency(Connection checkout, String prefix, List<String> violations) throws SQLException {
        try (PreparedStatement statement = checkout.prepareStatement("""
                select customer_id, idempotency_key, count(*) from customer_order where customer_id like ?
                group by customer_id, idempotency_key having count(*) > 1""")) {
            statement.setString(1, prefix + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    violations.add("I5 " + rows.getString(1) + " key " + rows.getString(2) + ": " + rows.getInt(3)
                            + " orders");
                }
            }
        }
    }

    /**
     * Payments whose order the orchestrator does not know: taken per time window, since payments carry no customer.
     * Called by the tests with the run's start, so other modules' tests (which charge without orders) do not count.
     */
    public List<String> paymentsWithoutOrder(java.time.Instant since) {
        List<String> violations = new ArrayList<>();
        try (Connection checkout = connect("checkout"); Connection payment = connect("payment")) {
            List<UUID> paid = new ArrayList<>();
            try (PreparedStatement statement = payment.prepareStatement(
                    "select order_id from payment where created_at >= ?")) {
                statement.setObject(1, java.sql.Timestamp.from(since));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        paid.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            Set<UUID> known = new HashSet<>();
            try (PreparedStatement statement = checkout.prepareStatement(
                    "select id from customer_order where id = any(?)")) {
                statement.setArray(1, checkout.createArrayOf("uuid", paid.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        known.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            paid.stream().filter(id -> !known.contains(id))
                    .forEach(id -> violations.add("I5 payment for " + id + " without an order"));
            return violations;
        } catch (SQLException e) {
            throw new IllegalStateException("the invariant checker could not read the databases: " + e.getMessage(), e);
        }
    }

    // 6. The purchased lines left the cart (in the shard that owns the customer; I8 proves no other shard has one).
    private void checkCarts(List<Connection> carts, Iterable<OrderRow> orders, List<String> violations)
            throws SQLException {
        for (OrderRow order : orders) {
            if (!order.status().equals("COMPLETED")) {
                continue;
            }
            Connection cart = carts.get(shards.shardOf(order.customer()));
            try (PreparedStatement statement = cart.prepareStatement(
                    "select sku, quantity from cart_line where customer_id = ?")) {
                statement.setString(1, order.customer());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (order.lines().containsKey(rows.getString(1))) {
                            violations.add("I6 " + order.id() + " (" + order.customer() + "): " + rows.getString(1)
                                    + " × " + rows.getInt(2) + " still in the cart");
                        }
                    }
                }
            }
        }
    }

    /** How many carts of customers with this prefix each cart shard stores. */
    public int[] cartsPerShard(String prefix, int shards) {
        int[] perShard = new int[shards];
        for (int shard = 0; shard < shards; shard++) {
            try (Connection cart = connect("cart_" + shard);
                    PreparedStatement statement = cart.prepareStatement(
                            "select count(*) from cart where customer_id like ?")) {
                statement.setString(1, prefix + "%");
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    perShard[shard] = rows.getInt(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot count the carts of shard " + shard, e);
            }
        }
        return perShard;
    }

    // 8. Every cart of the run's customers lies in the shard that owns the customer, so none is in two shards.
    private void checkShards(List<Connection> carts, String prefix, List<String> violations) throws SQLException {
        for (int shard = 0; shard < carts.size(); shard++) {
            try (PreparedStatement statement = carts.get(shard).prepareStatement(
                    "select customer_id from cart where customer_id like ?")) {
                statement.setString(1, prefix + "%");
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        int owner = shards.shardOf(rows.getString(1));
                        if (owner != shard) {
                            violations.add("I8 the cart of " + rows.getString(1) + " is in shard " + shard
                                    + ", but shard " + owner + " owns the customer");
                        }
                    }
                }
            }
        }
    }

    // 7. Every event of the run's orders published, and consumed once by each consumer (for OrderCompleted: by the
    // shard that owns the order's customer; the other shards read it and pass).
    private void checkEvents(Connection checkout, List<Connection> carts, Connection inventory, Connection payment,
            Map<UUID, OrderRow> orders, List<String> violations) throws SQLException {
        Map<UUID, String> completed = new HashMap<>();
        Map<UUID, String> failed = new HashMap<>();
        try (PreparedStatement statement = checkout.prepareStatement("""
                select event_id, topic, message_key, published_at is not null from outbox
                where message_key = any(?)""")) {
            statement.setArray(1, checkout.createArrayOf("text",
                    orders.keySet().stream().map(UUID::toString).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID eventId = rows.getObject(1, UUID.class);
                    String topic = rows.getString(2);
                    if (!rows.getBoolean(4)) {
                        violations.add("I7 event " + eventId + " (" + topic + ", order " + rows.getString(3)
                                + ") never published");
                    }
                    if (topic.equals("checkout.order-completed.v1")) {
                        completed.put(eventId, rows.getString(3));
                    } else if (topic.equals("checkout.order-failed.v1")) {
                        failed.put(eventId, rows.getString(3));
                    }
                }
            }
        }
        for (OrderRow order : orders.values()) {
            String key = order.id().toString();
            boolean hasCompleted = completed.containsValue(key);
            boolean hasFailed = failed.containsValue(key);
            if (order.status().equals("COMPLETED") && (!hasCompleted || hasFailed)) {
                violations.add("I7 " + key + ": COMPLETED with " + (hasCompleted ? "" : "no OrderCompleted")
                        + (hasFailed ? " an OrderFailed" : ""));
            }
            if (TERMINAL.contains(order.status()) && !order.status().equals("COMPLETED")
                    && (!hasFailed || hasCompleted)) {
                violations.add("I7 " + key + ": " + order.status() + " with " + (hasFailed ? "" : "no OrderFailed")
                        + (hasCompleted ? " an OrderCompleted" : ""));
            }
        }
        for (int shard = 0; shard < carts.size(); shard++) {
            int owner = shard;
            Map<UUID, String> own = new HashMap<>();
            completed.forEach((eventId, orderId) -> {
                OrderRow order = orders.get(UUID.fromString(orderId));
                if (order != null && shards.shardOf(order.customer()) == owner) {
                    own.put(eventId, orderId);
                }
            });
            consumed(carts.get(shard), "cart.order-completed", own, violations);
        }
        consumed(inventory, "inventory.order-failed", failed, violations);
        consumed(payment, "payment.order-failed", failed, violations);
    }

    private void consumed(Connection db, String consumer, Map<UUID, String> events, List<String> violations)
            throws SQLException {
        Set<UUID> processed = new HashSet<>();
        try (PreparedStatement statement = db.prepareStatement(
                "select event_id from processed_event where consumer = ? and event_id = any(?)")) {
            statement.setString(1, consumer);
            statement.setArray(2, db.createArrayOf("uuid", events.keySet().toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    processed.add(rows.getObject(1, UUID.class));
                }
            }
        }
        events.forEach((eventId, orderId) -> {
            if (!processed.contains(eventId)) {
                violations.add("I7 event " + eventId + " of order " + orderId + " not processed by " + consumer);
            }
        });
    }

    private Map<UUID, OrderRow> orders(Connection checkout, String prefix) throws SQLException {
        Map<UUID, OrderRow> orders = new HashMap<>();
        Map<UUID, Map<String, Integer>> lines = new HashMap<>();
        try (PreparedStatement statement = checkout.prepareStatement("""
                select i.order_id, i.sku, i.quantity from order_item i join customer_order o on o.id = i.order_id
                where o.customer_id like ?""")) {
            statement.setString(1, prefix + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.computeIfAbsent(rows.getObject(1, UUID.class), k -> new TreeMap<>())
                            .merge(rows.getString(2), rows.getInt(3), Integer::sum);
                }
            }
        }
        try (PreparedStatement statement = checkout.prepareStatement("""
                select id, customer_id, status, coalesce(total_minor, 0), currency,
                       extract(epoch from now() - created_at) from customer_order where customer_id like ?""")) {
            statement.setString(1, prefix + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    orders.put(id, new OrderRow(id, rows.getString(2), rows.getString(3), rows.getLong(4),
                            rows.getString(5), rows.getDouble(6), lines.getOrDefault(id, Map.of())));
                }
            }
        }
        return orders;
    }

    private Map<UUID, PaymentRow> payments(Connection payment, Set<UUID> orderIds) throws SQLException {
        Map<UUID, PaymentRow> payments = new HashMap<>();
        try (PreparedStatement statement = payment.prepareStatement(
                "select order_id, status, amount_minor, currency from payment where order_id = any(?)")) {
            statement.setArray(1, payment.createArrayOf("uuid", orderIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    payments.put(rows.getObject(1, UUID.class),
                            new PaymentRow(rows.getString(2), rows.getLong(3), rows.getString(4)));
                }
            }
        }
        return payments;
    }

    /** Per order: approved charges and successful refunds at the (sandbox) provider — the money really moved. */
    private Map<UUID, int[]> providerMoney(Connection payment, Set<UUID> orderIds) throws SQLException {
        Map<UUID, int[]> money = new HashMap<>();
        try (PreparedStatement statement = payment.prepareStatement("""
                select c.idempotency_key,
                       count(*) filter (where c.outcome = 'APPROVED'),
                       coalesce(sum((select count(*) from sandbox_refund r
                                     where r.charge_reference = c.reference and r.outcome = 'REFUNDED')), 0)
                from sandbox_charge c where c.idempotency_key = any(?) group by c.idempotency_key""")) {
            statement.setArray(1, payment.createArrayOf("uuid", orderIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    money.put(rows.getObject(1, UUID.class), new int[]{rows.getInt(2), rows.getInt(3)});
                }
            }
        }
        return money;
    }

    private Map<UUID, ReservationRow> reservations(Connection inventory, Set<UUID> orderIds) throws SQLException {
        Map<UUID, ReservationRow> reservations = new HashMap<>();
        try (PreparedStatement statement = inventory.prepareStatement("""
                select r.order_id, r.status, l.sku, l.quantity from reservation r
                left join reservation_line l using (order_id) where r.order_id = any(?)""")) {
            statement.setArray(1, inventory.createArrayOf("uuid", orderIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    ReservationRow row = reservations.computeIfAbsent(id,
                            k -> new ReservationRow(statusOf(rows), new TreeMap<>()));
                    if (rows.getString(3) != null) {
                        row.lines().merge(rows.getString(3), rows.getInt(4), Integer::sum);
                    }
                }
            }
        }
        return reservations;
    }

    private static String statusOf(ResultSet rows) {
        try {
            return rows.getString(2);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connect(String db) throws SQLException {
        String password = System.getenv("CUBESHOP_DB_PASSWORD_" + db.toUpperCase());
        Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/" + db
                        + "?connectTimeout=5&socketTimeout=60&readOnlyMode=always",
                db,
                password);
        // Read-only: the checker looks, it never repairs.
        connection.setReadOnly(true);
        return connection;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
