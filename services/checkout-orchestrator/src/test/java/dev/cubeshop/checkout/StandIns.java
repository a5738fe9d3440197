package dev.cubeshop.checkout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.cubeshop.platform.sharding.ShardMap;

/**
 * Real HTTP stand-ins for cart, inventory and payment, implementing their internal APIs as docs/contracts.md fixes
 * them, with knobs for the failures the saga must survive (declines, missing stock, slow or lost charges, a service
 * that is down). Inventory and payment run two replicas each, so Stork's client-side balancing is exercised.
 *
 * <p>
 * As a Quarkus test resource this class only reserves the ports (kept in system properties, so that a restart of the
 * application for another test profile finds the same ones) and points the Stork address lists at them. The servers
 * themselves are started by the tests ({@link #get()}), in the test's class loader, where the tests read their state.
 */
public class StandIns implements QuarkusTestResourceLifecycleManager {
    private static final String PORTS = "cubeshop.test.stand-ins.ports";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StandIns instance;

    public final Cart cart;
    public final Inventory inventory;
    public final Payment payment;

    /** The test resource: one instance per application start; holds no servers. */
    public StandIns() {
        this.cart = null;
        this.inventory = null;
        this.payment = null;
    }

    private StandIns(int[] ports) {
        this.cart = new Cart(ports[0], ports[5]);
        this.inventory = new Inventory(ports[1], ports[2]);
        this.payment = new Payment(ports[3], ports[4]);
        cart.up();
        inventory.up();
        payment.up();
    }

    @Override
    public Map<String, String> start() {
        int[] ports = ports();
        Map<String, String> config = new HashMap<>();
        // Carts in two shards, as the stacks run them: shard i is the cart stand-in's replica i.
        config.put("checkout.cart-shards", "cart-0,cart-1");
        for (int shard = 0; shard < 2; shard++) {
            config.put("quarkus.stork.cart-" + shard + ".service-discovery.type", "static");
            config.put("quarkus.stork.cart-" + shard + ".service-discovery.address-list",
                    "127.0.0.1:" + ports[shard == 0 ? 0 : 5]);
        }
        config.put("quarkus.stork.inventory.service-discovery.address-list",
                "127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2]);
        config.put("quarkus.stork.payment.service-discovery.address-list",
                "127.0.0.1:" + ports[3] + ",127.0.0.1:" + ports[4]);
        // Small budgets so that slow and lost answers show within a test's patience.
        config.put("checkout.budget", "4s");
        config.put("checkout.timeouts.cart", "1500ms");
        config.put("checkout.timeouts.inventory", "1500ms");
        config.put("checkout.timeouts.payment", "1200ms");
        config.put("checkout.recovery.deadline", "6s");
        config.put("checkout.recovery.interval", "1s");
        config.put("checkout.recovery.budget", "4s");
        return config;
    }

    @Override
    public void stop() {}

    /** The running stand-ins, started on the ports the application was configured with. */
    public static synchronized StandIns get() {
        if (instance == null) {
            instance = new StandIns(ports());
        }
        return instance;
    }

    private static synchronized int[] ports() {
        String known = System.getProperty(PORTS);
        if (known != null) {
            return Arrays.stream(known.split(",")).mapToInt(Integer::parseInt).toArray();
        }
        int[] ports = new int[6];
        for (int i = 0; i < ports.length; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ports[i] = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        System.setProperty(PORTS, Arrays.stream(ports).mapToObj(String::valueOf).collect(Collectors.joining(",")));
        return ports;
    }

    /** One service: its replicas share state; it can be taken down (connections refused) and brought back. */
    public abstract static class Service {
        private final int[] ports;
        private final Map<Integer, HttpServer> servers = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> callsPerReplica = new ConcurrentHashMap<>();

        Service(int... ports) {
            this.ports = ports;
        }

        /** Every replica that is not listening starts listening again. */
        public synchronized void up() {
            for (int port : ports) {
                if (servers.containsKey(port)) {
                    continue;
                }
                try {
                    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                            50);
                    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
                    server.createContext("/", exchange -> serve(port, exchange));
                    server.start();
                    servers.put(port, server);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        /** Every replica stops listening: calls are refused, as when the service is down. */
        public synchronized void down() {
            servers.values().forEach(server -> server.stop(0));
            servers.clear();
        }

        /** One replica stops listening (a replica restarting or dead); the others go on. */
        public synchronized void down(int replica) {
            HttpServer server = servers.remove(ports[replica]);
            if (server != null) {
                server.stop(0);
            }
        }

        public int callsTo(int replica) {
            return callsPerReplica.getOrDefault(String.valueOf(ports[replica]), new AtomicInteger()).get();
        }

        /** How many {@code method path} requests replica {@code replica} received. */
        public int callsTo(int replica, String method, String path) {
            return callsPerReplica.getOrDefault(ports[replica] + " " + method + " " + path, new AtomicInteger())
                    .get();
        }

        private void serve(int port, HttpExchange exchange) throws IOException {
            callsPerReplica.computeIfAbsent(String.valueOf(port), p -> new AtomicInteger()).incrementAndGet();
            callsPerReplica.computeIfAbsent(port + " " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                byte[] in;
                try (InputStream body = exchange.getRequestBody()) {
                    in = body.readAllBytes();
                }
                JsonNode request = in.length == 0 ? null : JSON.readTree(in);
                Answer answer = handle(port, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        request);
                byte[] out = JSON.writeValueAsBytes(answer.body());
                exchange.getResponseHeaders().set("Content-Type",
                        answer.status() >= 400 ? "application/problem+json" : "application/json");
                exchange.sendResponseHeaders(answer.status(), out.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(out);
                }
            } catch (IOException e) {
                // The client gave up (a timeout in the saga): nothing to answer.
            }
        }

        /** The answer of the replica listening on {@code port}. */
        abstract Answer handle(int port, String method, String path, JsonNode request);
    }

    record Answer(int status, Object body) {}

    static Answer problem(int status, String kind, Map<String, Object> members) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://cubeshop.dev/problems/" + kind);
        body.put("title", kind);
        body.put("status", status);
        body.putAll(members);
        return new Answer(status, body);
    }

    static Map<String, Object> money(long amountMinor) {
        return Map.of("amountMinor", amountMinor, "currency", "EUR");
    }

    /** {@code GET /internal/carts/{customerId}}. */
    public static final class Cart extends Service {
        private static final ShardMap SHARDS = new ShardMap(2);
        private final Map<String, List<Map<String, Object>>> carts = new ConcurrentHashMap<>();
        private final int[] shardPorts;

        /** Two shards, one replica each: shard i listens on {@code shardPorts[i]} and serves only its customers. */
        Cart(int... shardPorts) {
            super(shardPorts);
            this.shardPorts = shardPorts;
        }

        /** Puts a line in a customer's cart with the cart's (not authoritative) unit price. */
        public void put(String customerId, String sku, int quantity, long unitPriceMinor) {
            carts.computeIfAbsent(customerId, c -> new ArrayList<>()).add(Map.of("sku", sku, "name", "cart's " + sku,
                    "quantity", quantity, "unitPrice", money(unitPriceMinor),
                    "lineTotal", money(unitPriceMinor * quantity)));
        }

        @Override
        Answer handle(int port, String method, String path, JsonNode request) {
            String customerId = path.substring("/internal/carts/".length());
            int owner = SHARDS.shardOf(customerId);
            if (shardPorts[owner] != port) {
                return problem(421, "wrong-shard", Map.of("owner", owner));
            }
            List<Map<String, Object>> lines = carts.getOrDefault(customerId, List.of());
            long total = lines.stream()
                    .mapToLong(line -> (Long) ((Map<?, ?>) line.get("lineTotal")).get("amountMinor")).sum();
            return new Answer(200, Map.of("customerId", customerId, "lines", lines, "total", money(total),
                    "updatedAt", Instant.now().toString()));
        }
    }

    /** Reservations, all-or-nothing and idempotent per order id. */
    public static final class Inventory extends Service {
        private record Product(String name, long priceMinor, int onHand) {}

        private final Map<String, Product> products = new ConcurrentHashMap<>();
        private final Map<String, Integer> reserved = new ConcurrentHashMap<>();
        private final Map<UUID, Map<String, Object>> reservations = new ConcurrentHashMap<>();
        private final Map<UUID, AtomicInteger> reserveCalls = new ConcurrentHashMap<>();
        private final Set<String> expiring = ConcurrentHashMap.newKeySet();

        Inventory(int... ports) {
            super(ports);
        }

        public void stock(String sku, String name, long priceMinor, int onHand) {
            products.put(sku, new Product(name, priceMinor, onHand));
        }

        private final Set<String> failing = ConcurrentHashMap.newKeySet();

        /** Commits ({@code "commit"}) or releases ({@code "release"}) answer 503 until {@link #heal()}. */
        public void fail(String action) {
            failing.add(action);
        }

        public void heal() {
            failing.clear();
        }

        /** Reservations of this SKU expire before they are committed. */
        public void expireBeforeCommitFor(String sku) {
            expiring.add(sku);
        }

        /** Creates a reservation as if an earlier (crashed) saga had reserved it. */
        public synchronized void reserveDirectly(UUID orderId, String sku, int quantity) {
            handle(0, "POST", "/internal/reservations", JSON.valueToTree(Map.of("orderId", orderId.toString(),
                    "lines", List.of(Map.of("sku", sku, "quantity", quantity)))));
        }

        public String status(UUID orderId) {
            Map<String, Object> reservation = reservations.get(orderId);
            return reservation == null ? null : (String) reservation.get("status");
        }

        public int reserveCalls(UUID orderId) {
            return reserveCalls.getOrDefault(orderId, new AtomicInteger()).get();
        }

        public int reservedOf(String sku) {
            return reserved.getOrDefault(sku, 0);
        }

        @Override
        synchronized Answer handle(int port, String method, String path, JsonNode request) {
            if (method.equals("POST") && path.equals("/internal/reservations")) {
                return reserve(request);
            }
            String[] parts = path.substring("/internal/reservations/".length()).split("/");
            UUID orderId = UUID.fromString(parts[0]);
            Map<String, Object> reservation = reservations.get(orderId);
            if (reservation == null) {
                return problem(404, "reservation-not-found", Map.of());
            }
            String status = (String) reservation.get("status");
            if (parts.length == 2 && failing.contains(parts[1])) {
                return problem(503, "unavailable", Map.of());
            }
            if (parts.length == 2 && parts[1].equals("commit")) {
                if (status.equals("RESERVED") && expires(reservation)) {
                    giveBack(reservation);
                    reservation.put("status", status = "EXPIRED");
                }
                if (!status.equals("RESERVED") && !status.equals("COMMITTED")) {
                    return problem(409, "reservation-not-committable", Map.of());
                }
                if (status.equals("RESERVED")) {
                    giveBack(reservation);
                    reservation.put("status", "COMMITTED");
                }
                return new Answer(200, reservation);
            }
            if (parts.length == 2 && parts[1].equals("release")) {
                if (status.equals("COMMITTED")) {
                    return problem(409, "reservation-committed", Map.of());
                }
                if (status.equals("RESERVED")) {
                    giveBack(reservation);
                    reservation.put("status", "RELEASED");
                }
                return new Answer(200, reservation);
            }
            return new Answer(200, reservation);
        }

        private Answer reserve(JsonNode request) {
            UUID orderId = UUID.fromString(request.path("orderId").asText());
            reserveCalls.computeIfAbsent(orderId, id -> new AtomicInteger()).incrementAndGet();
            Map<String, Object> existing = reservations.get(orderId);
            if (existing != null) {
                return new Answer(200, existing);
            }
            List<Map<String, Object>> unavailable = new ArrayList<>();
            List<Map<String, Object>> lines = new ArrayList<>();
            long total = 0;
            for (JsonNode line : request.path("lines")) {
                String sku = line.path("sku").asText();
                int quantity = line.path("quantity").asInt();
                Product product = products.get(sku);
                if (product == null) {
                    return problem(422, "unknown-product", Map.of("detail", "No product " + sku));
                }
                int available = product.onHand() - reserved.getOrDefault(sku, 0);
                if (available < quantity) {
                    unavailable.add(Map.of("sku", sku, "requested", quantity, "available", available));
                }
                lines.add(Map.of("sku", sku, "name", product.name(), "quantity", quantity,
                        "unitPrice", money(product.priceMinor())));
                total += product.priceMinor() * quantity;
            }
            if (!unavailable.isEmpty()) {
                return problem(409, "insufficient-stock", Map.of("unavailable", unavailable));
            }
            lines.forEach(line -> reserved.merge((String) line.get("sku"), (Integer) line.get("quantity"),
                    Integer::sum));
            Map<String, Object> reservation = new ConcurrentHashMap<>(Map.of("orderId", orderId.toString(),
                    "status", "RESERVED", "expiresAt", Instant.now().plusSeconds(600).toString(), "lines", lines,
                    "total", money(total)));
            reservations.put(orderId, reservation);
            return new Answer(201, reservation);
        }

        @SuppressWarnings("unchecked")
        private boolean expires(Map<String, Object> reservation) {
            return ((List<Map<String, Object>>) reservation.get("lines")).stream()
                    .anyMatch(line -> expiring.contains((String) line.get("sku")));
        }

        @SuppressWarnings("unchecked")
        private void giveBack(Map<String, Object> reservation) {
            for (Map<String, Object> line : (List<Map<String, Object>>) reservation.get("lines")) {
                reserved.merge((String) line.get("sku"), -(Integer) line.get("quantity"), Integer::sum);
            }
        }
    }

    /** Payments by sandbox token, idempotent per order id: a repeated charge returns the first outcome. */
    public static final class Payment extends Service {
        private final Map<UUID, Map<String, Object>> payments = new ConcurrentHashMap<>();
        private final Map<UUID, AtomicInteger> chargeCalls = new ConcurrentHashMap<>();
        private final AtomicInteger allChargeCalls = new AtomicInteger();
        private volatile Duration slowDelay = Duration.ofSeconds(2);

        Payment(int... ports) {
            super(ports);
        }

        /** How long {@code tok_slow} takes; {@code tok_lost} never answers and never records anything. */
        public void slowDelay(Duration delay) {
            this.slowDelay = delay;
        }

        public int chargeCalls(UUID orderId) {
            return chargeCalls.getOrDefault(orderId, new AtomicInteger()).get();
        }

        public int allChargeCalls() {
            return allChargeCalls.get();
        }

        public String status(UUID orderId) {
            Map<String, Object> payment = payments.get(orderId);
            return payment == null ? null : (String) payment.get("status");
        }

        /** Refunds a payment behind the orchestrator's back (an operator, another flow). */
        public void refundDirectly(UUID orderId) {
            payments.get(orderId).put("status", "REFUNDED");
        }

        /** Records a payment as if an earlier (crashed) saga had charged it. */
        public void captureDirectly(UUID orderId, long amountMinor) {
            payments.put(orderId, payment(orderId, "CAPTURED", amountMinor, null));
        }

        @Override
        Answer handle(int port, String method, String path, JsonNode request) {
            if (method.equals("POST") && path.equals("/internal/payments")) {
                return charge(request);
            }
            String[] parts = path.substring("/internal/payments/".length()).split("/");
            UUID orderId = UUID.fromString(parts[0]);
            synchronized (this) {
                Map<String, Object> payment = payments.get(orderId);
                if (payment == null) {
                    return problem(404, "payment-not-found", Map.of());
                }
                if (parts.length == 2 && parts[1].equals("refund")) {
                    if (!payment.get("status").equals("CAPTURED") && !payment.get("status").equals("REFUNDED")) {
                        return problem(409, "payment-not-refundable", Map.of());
                    }
                    payment.put("status", "REFUNDED");
                }
                return new Answer(200, payment);
            }
        }

        private Answer charge(JsonNode request) {
            UUID orderId = UUID.fromString(request.path("orderId").asText());
            long amount = request.path("amount").path("amountMinor").asLong();
            String token = request.path("paymentToken").asText();
            chargeCalls.computeIfAbsent(orderId, id -> new AtomicInteger()).incrementAndGet();
            allChargeCalls.incrementAndGet();
            if (token.equals("tok_lost")) {
                sleep(Duration.ofSeconds(30));
                return problem(504, "lost", Map.of());
            }
            Map<String, Object> payment;
            synchronized (this) {
                Map<String, Object> existing = payments.get(orderId);
                if (existing != null) {
                    return answer(existing, false);
                }
                payment = payment(orderId, "PENDING", amount, null);
                payments.put(orderId, payment);
            }
            switch (token) {
                case "tok_declined" -> settle(payment, "DECLINED", "card-declined");
                case "tok_insufficient_funds" -> settle(payment, "DECLINED", "insufficient-funds");
                case "tok_error" -> settle(payment, "FAILED", null);
                case "tok_slow" -> {
                    sleep(slowDelay);
                    settle(payment, "CAPTURED", null);
                }
                default -> settle(payment, "CAPTURED", null);
            }
            return answer(payment, true);
        }

        private synchronized void settle(Map<String, Object> payment, String status, String declineReason) {
            payment.put("status", status);
            if (declineReason != null) {
                payment.put("declineReason", declineReason);
            }
        }

        private static Answer answer(Map<String, Object> payment, boolean created) {
            return switch ((String) payment.get("status")) {
                case "DECLINED" -> problem(402, "payment-declined",
                        Map.of("reason", payment.get("declineReason"), "payment", payment));
                case "FAILED" -> problem(502, "payment-provider-error", Map.of("payment", payment));
                case "PENDING" -> new Answer(202, payment);
                default -> new Answer(created ? 201 : 200, payment);
            };
        }

        private static Map<String, Object> payment(UUID orderId, String status, long amountMinor,
                String declineReason) {
            Map<String, Object> payment = new ConcurrentHashMap<>(Map.of("orderId", orderId.toString(),
                    "status", status, "amount", money(amountMinor), "providerReference", "sbx_" + orderId,
                    "createdAt", Instant.now().toString(), "updatedAt", Instant.now().toString()));
            if (declineReason != null) {
                payment.put("declineReason", declineReason);
            }
            return payment;
        }

        private static void sleep(Duration duration) {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
