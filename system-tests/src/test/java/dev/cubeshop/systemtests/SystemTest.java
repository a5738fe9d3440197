package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import dev.cubeshop.platform.sharding.ShardMap;
import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/**
 * What every scenario shares: one stack for the whole run (two replicas of every application, started once, stopped
 * when the test JVM exits), one client that reaches it only through the gateways, the run's own customers and products,
 * and the invariant check after every test.
 */
abstract class SystemTest {
    /** Sagas in flight longer than this are a violation (recovery deadline 30 s + interval 5 s + budget 10 s, plus slack). */
    static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(60);
    static final String TOKEN_OK = "tok_visa";

    private static Run run;

    /** The stack and what this run created in it. */
    static final class Run {
        final Stack stack;
        final Shop shop;
        final Session admin;
        /** Five base-36 characters: customers are st{id}-n, products ST{ID}-n. */
        final String id = Long.toString(36L * 36 * 36 * 36 + (UUID.randomUUID().getLeastSignificantBits() >>> 1)
                % (35L * 36 * 36 * 36 * 36), 36);
        final Map<String, Integer> initialStock = new ConcurrentHashMap<>();
        final Instant started = Instant.now();
        final InvariantChecker checker = new InvariantChecker();
        private final AtomicInteger customers = new AtomicInteger();
        private final AtomicInteger products = new AtomicInteger();

        Run(Stack stack) {
            this.stack = stack;
            this.shop = new Shop(IntStream.range(0, stack.replicas())
                    .mapToObj(r -> URI.create("http://127.0.0.1:" + stack.port("api-gateway", r))).toList(),
                    Duration.ofSeconds(40));
            this.admin = shop.login("admin");
        }

        /** A fresh customer of this run (its id carries the run's prefix, so the checker finds it). */
        Session customer() {
            return shop.login(customerPrefix() + customers.incrementAndGet());
        }

        String customerPrefix() {
            return "st" + id + "-";
        }

        /** A new product of this run with {@code onHand} units; its initial stock is recorded for invariant 1. */
        String product(long priceMinor, int onHand) {
            String sku = "ST" + id.toUpperCase() + "-" + products.incrementAndGet();
            Answer created = shop.createProduct(admin, sku, "System test product " + sku, priceMinor, onHand);
            assertThat(created.status()).as("create %s: %s", sku, created).isEqualTo(201);
            initialStock.put(sku, onHand);
            return sku;
        }

        /**
         * Brings back whatever is down and waits until every gateway routes to every upstream again: a replica the
         * gateway ejected is re-admitted only after a passing health round, and each gateway has rounds of its own, so
         * each gateway is asked directly (through the balancing client, a probe could keep landing on the same one).
         */
        void restore() {
            stack.up();
            // One probe customer per cart shard: each shard's replicas must be routed to again.
            Session[] probes = new Session[Stack.CART_SHARDS];
            ShardMap shards = new ShardMap(Stack.CART_SHARDS);
            while (java.util.Arrays.stream(probes).anyMatch(java.util.Objects::isNull)) {
                Session probe = customer();
                probes[shards.shardOf(probe.user())] = probe;
            }
            List<Shop> gateways = IntStream.range(0, stack.replicas())
                    .mapToObj(r -> new Shop(URI.create("http://127.0.0.1:" + stack.port("api-gateway", r)))).toList();
            try {
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                int streak = 0;
                // Rounds enough for each gateway's balancer to pass every replica of every upstream several times.
                while (streak < stack.replicas() * 3 && System.nanoTime() < end) {
                    boolean serving = gateways.stream().allMatch(gateway -> java.util.Arrays.stream(probes)
                            .allMatch(p -> gateway.cart(p).status() == 200)
                            && gateway.orders(probes[0]).status() == 200
                            && gateway.send("GET", "/api/admin/products/none", admin, null, Map.of()).status() == 404);
                    streak = serving ? streak + 1 : 0;
                    if (!serving) {
                        sleep(Duration.ofMillis(250));
                    }
                }
                assertThat(streak).as("every gateway routes to every upstream again within 60 s").isPositive();
            } finally {
                gateways.forEach(Shop::close);
            }
        }

        /** The number of lines in the customer's cart; the read itself must succeed (an error has no lines either). */
        int cartLines(Session customer) {
            Answer cart = shop.cart(customer);
            assertThat(cart.status()).as("cart of %s: %s", customer.user(), cart).isEqualTo(200);
            return cart.json().path("lines").size();
        }

        InvariantChecker.Report check() {
            return checker.check(new InvariantChecker.Scope(customerPrefix(), Map.copyOf(initialStock),
                    RECOVERY_DEADLINE));
        }
    }

    @BeforeAll
    static synchronized void startStack() {
        assumeTrue(System.getenv("CUBESHOP_PG_HOST") != null && System.getenv("CUBESHOP_KAFKA") != null,
                "The system tests run the native stack against the local PostgreSQL and Kafka: run them with "
                        + "./cubeshop test (which starts both), not a bare ./mvnw verify");
        if (run == null) {
            Stack stack = new Stack(Path.of(System.getProperty("cubeshop.root", "..")).toAbsolutePath().normalize(),
                    System.getProperty("cubeshop.system-tests.stack", "system-tests"),
                    Integer.getInteger("cubeshop.system-tests.port-offset", 12_000), 2);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::down, "stop-system-test-stack"));
            long start = System.nanoTime();
            stack.up();
            System.out.printf("[system-tests] stack up (2 replicas of every application) in %d s%n",
                    Duration.ofNanos(System.nanoTime() - start).toSeconds());
            run = new Run(stack);
        }
    }

    static Run run() {
        return run;
    }

    /**
     * After every scenario: once the sagas have settled and the events have been consumed, every invariant holds. Waits
     * for convergence up to the recovery deadline, then asserts on the last report.
     */
    @AfterEach
    void invariantsHold() {
        InvariantChecker.Report report = awaitInvariants(RECOVERY_DEADLINE.plusSeconds(30));
        List<String> orphans = run.checker.paymentsWithoutOrder(run.started);
        System.out.println("[system-tests] " + getClass().getSimpleName() + " " + report.summary()
                + (orphans.isEmpty() ? "" : "\n  " + orphans));
        assertThat(report.violations()).as(report.summary()).isEmpty();
        assertThat(orphans).as("payments without an order").isEmpty();
    }

    static InvariantChecker.Report awaitInvariants(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        InvariantChecker.Report report = run.check();
        while (!(report.clean() && report.inFlight() == 0) && System.nanoTime() < end) {
            sleep(Duration.ofSeconds(1));
            report = run.check();
        }
        return report;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
