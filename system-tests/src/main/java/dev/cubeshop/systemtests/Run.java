package dev.cubeshop.systemtests;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cubeshop.platform.sharding.ShardMap;
import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/**
 * One run against a stack: a client that reaches it only through the gateways, the run's own customers and products
 * (so that the invariant checker looks at this run's data only, beside anything else in the shared databases), and
 * the checks. The system tests make one for their whole run; {@code ./cubeshop chaos} makes one per chaos run.
 */
public final class Run {
    /** Sagas in flight longer than this are a violation (recovery deadline 30 s + interval 5 s + budget 10 s, plus slack). */
    public static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(60);

    public final Stack stack;
    public final Shop shop;
    public final Session admin;
    /** Five base-36 characters: customers are st{id}-n, products ST{ID}-n. */
    public final String id = Long.toString(36L * 36 * 36 * 36 + (UUID.randomUUID().getLeastSignificantBits() >>> 1)
            % (35L * 36 * 36 * 36 * 36), 36);
    public final Map<String, Integer> initialStock = new ConcurrentHashMap<>();
    public final Instant started = Instant.now();
    public final InvariantChecker checker;
    private final int gateways;
    private final AtomicInteger customers = new AtomicInteger();
    private final AtomicInteger products = new AtomicInteger();

    /** A run through {@code gateways} gateway replicas of the stack (ports of replicas 0 … gateways-1). */
    public Run(Stack stack, int gateways) {
        this.stack = stack;
        this.gateways = gateways;
        this.checker = new InvariantChecker(stack.cartShards());
        this.shop = new Shop(gatewayUris(), Duration.ofSeconds(40));
        this.admin = shop.login("admin");
    }

    private List<URI> gatewayUris() {
        return IntStream.range(0, gateways)
                .mapToObj(r -> URI.create("http://127.0.0.1:" + stack.port("api-gateway", r))).toList();
    }

    /** A fresh customer of this run (its id carries the run's prefix, so the checker finds it). */
    public Session customer() {
        return shop.login(customerPrefix() + customers.incrementAndGet());
    }

    public String customerPrefix() {
        return "st" + id + "-";
    }

    /** A new product of this run with {@code onHand} units; its initial stock is recorded for invariant 1. */
    public String product(long priceMinor, int onHand) {
        String sku = "ST" + id.toUpperCase() + "-" + products.incrementAndGet();
        Answer created = shop.createProduct(admin, sku, "System test product " + sku, priceMinor, onHand);
        if (created.status() != 201) {
            throw new IllegalStateException("create " + sku + ": " + created);
        }
        initialStock.put(sku, onHand);
        return sku;
    }

    /** Takes the run's products out of the public catalog (inactive; their stock and orders stay for inspection). */
    public void retireProducts() {
        for (String sku : initialStock.keySet()) {
            Answer product = shop.send("GET", "/api/admin/products/" + sku, admin, null, Map.of());
            if (product.status() == 200) {
                ObjectNode body = ((ObjectNode) product.json()).deepCopy().retain("name", "description", "price")
                        .put("active", false);
                shop.send("PUT", "/api/admin/products/" + sku, admin, body.toString(), Map.of());
            }
        }
    }

    /**
     * Brings back whatever is down and waits until every gateway routes to every upstream again: a replica the
     * gateway ejected is re-admitted only after a passing health round, and each gateway has rounds of its own, so
     * each gateway is asked directly (through the balancing client, a probe could keep landing on the same one).
     */
    public void restore() {
        stack.revive();
        // One probe customer per cart shard: each shard's replicas must be routed to again.
        ShardMap shards = new ShardMap(stack.cartShards());
        Session[] probes = new Session[shards.count()];
        while (Arrays.stream(probes).anyMatch(Objects::isNull)) {
            Session probe = customer();
            probes[shards.shardOf(probe.user())] = probe;
        }
        List<Shop> each = gatewayUris().stream().map(Shop::new).toList();
        try {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int streak = 0;
            // Rounds enough for each gateway's balancer to pass every replica of every upstream several times.
            int rounds = 3 * stack.recorded().values().stream().mapToInt(Integer::intValue).max().orElse(2);
            while (streak < rounds && System.nanoTime() < end) {
                boolean serving = each.stream().allMatch(gateway -> Arrays.stream(probes)
                        .allMatch(p -> gateway.cart(p).status() == 200)
                        && gateway.orders(probes[0]).status() == 200
                        && gateway.send("GET", "/api/admin/products/none", admin, null, Map.of()).status() == 404);
                streak = serving ? streak + 1 : 0;
                if (!serving) {
                    sleep(Duration.ofMillis(250));
                }
            }
            if (streak == 0) {
                throw new IllegalStateException("the gateways do not route to every upstream again within 60 s");
            }
        } finally {
            each.forEach(Shop::close);
        }
    }

    /** The number of lines in the customer's cart; the read itself must succeed (an error has no lines either). */
    public int cartLines(Session customer) {
        Answer cart = shop.cart(customer);
        if (cart.status() != 200) {
            throw new IllegalStateException("cart of " + customer.user() + ": " + cart);
        }
        return cart.json().path("lines").size();
    }

    public InvariantChecker.Report check() {
        return checker.check(new InvariantChecker.Scope(customerPrefix(), Map.copyOf(initialStock),
                RECOVERY_DEADLINE));
    }

    /**
     * Once the sagas have settled and the events have been consumed, every invariant holds: checks until the report
     * is clean with nothing in flight, or the deadline passes; returns the last report.
     */
    public InvariantChecker.Report awaitInvariants(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        InvariantChecker.Report report = check();
        while (!(report.clean() && report.inFlight() == 0) && System.nanoTime() < end) {
            sleep(Duration.ofSeconds(1));
            report = check();
        }
        return report;
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
