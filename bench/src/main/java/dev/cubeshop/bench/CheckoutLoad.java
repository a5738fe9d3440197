package dev.cubeshop.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cubeshop.systemtests.Shop;
import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/**
 * Closed-loop checkout load through the gateway: a fixed number of virtual users, each in a loop over its own few
 * customers: look at the cart (it must be empty), fill it (PUT a line per product), check out with a fresh
 * Idempotency-Key and tok_visa. A watcher follows a sample of the completed checkouts (two at a time), polling
 * GET /api/cart until the OrderCompleted event has emptied the cart. Only answers that arrive in the measured window
 * (after the warm-up) count.
 *
 * Reported: completed checkouts per second, latency of POST /api/checkout (p50/p90/p99/p99.9), the time from a 201 to
 * the cart first seen empty (eventual consistency), every other outcome by status, and the stack's CPU time per
 * completed checkout over the same window (see {@link ProcessMonitor}).
 */
final class CheckoutLoad {
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);
    private static final int WATCHED = 2;

    private final Shop shop;
    private final int concurrency;
    private final int customersPerUser;
    private final int lines;
    private final long pollMillis;
    private final List<String> skus = new ArrayList<>();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private volatile long windowStart;
    private volatile long windowEnd;
    private final Semaphore watchSlots = new Semaphore(WATCHED);
    private final Phaser watchers = new Phaser(1);
    private final Latencies convergence = new Latencies();
    private final int[] notConverged = new int[1];

    private CheckoutLoad(Shop shop, int concurrency, int customersPerUser, int lines, long pollMillis) {
        this.shop = shop;
        this.concurrency = concurrency;
        this.customersPerUser = customersPerUser;
        this.lines = lines;
        this.pollMillis = pollMillis;
    }

    static boolean run(Options options) throws Exception {
        // Several gateways: the client balances round robin over the ready ones, as a load balancer in front would.
        List<URI> gateways = List.of(options.require("gateway").split(",")).stream().map(url -> URI.create(url.trim()))
                .toList();
        int concurrency = options.integer("concurrency", 8);
        int lines = options.integer("lines", 1);
        int products = Math.max(options.integer("products", 50), lines);
        // Enough customers per user that one rarely comes round again before the event of its last order has emptied
        // its cart (about a second, set by the outbox relay's interval): else that wait, not the stack, sets the pace.
        int customersPerUser = options.integer("customers-per-user", 16);
        // completeCheckout() may wait for the payment provider; the gateway's checkout route times out after 30 s.
        Shop shop = new Shop(gateways, Duration.ofSeconds(35));
        CheckoutLoad load = new CheckoutLoad(shop, concurrency, customersPerUser, lines,
                options.integer("poll-ms", 10));
        String pids = options.string("pids", null);
        ProcessMonitor monitor = new ProcessMonitor(pids == null ? null : Path.of(pids),
                options.string("db-suffix", null));

        ObjectNode result;
        try (shop) {
            load.createProducts(products);
            result = load.drive(options.integer("warmup", 5), options.integer("duration", 30), monitor);
        }
        result.put("label", options.string("label", "checkout"));
        result.put("gateways", gateways.size());
        result.put("productsInRotation", products);

        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
        System.out.println(json);
        String out = options.string("out", null);
        if (out != null) {
            Files.writeString(Path.of(out), json + "\n");
        }
        return result.path("completed").asInt() > 0;
    }

    /** Uniquely named products with stock for far more checkouts than a run makes; stock is never the limit. */
    private void createProducts(int count) {
        Session admin = shop.login("admin");
        for (int i = 0; i < count; i++) {
            String sku = "LOAD-" + runId + "-" + i;
            Answer answer = shop.createProduct(admin, sku, "Load test product " + sku, 500 + 100L * (i % 50),
                    1_000_000_000);
            if (answer.status() != 201) {
                throw new IllegalStateException("creating " + sku + " failed: " + answer);
            }
            skus.add(sku);
        }
    }

    private ObjectNode drive(int warmupSeconds, int durationSeconds, ProcessMonitor monitor) throws Exception {
        long now = System.nanoTime();
        windowStart = now + TimeUnit.SECONDS.toNanos(warmupSeconds);
        windowEnd = windowStart + TimeUnit.SECONDS.toNanos(durationSeconds);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(new Worker("bench-" + runId + "-" + i));
        }
        List<Future<?>> running = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Worker worker : workers) {
                running.add(executor.submit(() -> {
                    worker.run();
                    return null;
                }));
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, windowStart - System.nanoTime()));
            monitor.start();
            while (System.nanoTime() < windowEnd) {
                TimeUnit.MILLISECONDS.sleep(Math.min(1000, Math.max(1, (windowEnd - System.nanoTime()) / 1_000_000)));
                monitor.sample();
            }
            int completedSoFar = workers.stream().mapToInt(w -> w.completed).sum();
            ObjectNode cpu = monitor.stop(completedSoFar);
            for (Future<?> future : running) {
                future.get();
            }
            watchers.arriveAndAwaitAdvance();
            return summarize(workers, durationSeconds, warmupSeconds, cpu);
        }
    }

    private ObjectNode summarize(List<Worker> workers, int durationSeconds, int warmupSeconds, ObjectNode cpu) {
        Latencies checkout = new Latencies();
        Latencies fill = new Latencies();
        Map<String, Integer> outcomes = new TreeMap<>();
        int completed = 0;
        for (Worker worker : workers) {
            checkout.addAll(worker.checkoutLatency);
            fill.addAll(worker.fillLatency);
            worker.outcomes.forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            completed += worker.completed;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("kind", "checkout");
        node.put("concurrency", concurrency);
        node.put("customers", concurrency * customersPerUser);
        node.put("linesPerCart", lines);
        node.put("warmupSeconds", warmupSeconds);
        node.put("durationSeconds", durationSeconds);
        node.put("completed", completed);
        node.put("completedPerSecond", Math.round(completed * 100.0 / durationSeconds) / 100.0);
        node.set("checkoutLatencyMs", checkout.summary());
        node.set("cartLineLatencyMs", fill.summary());
        ObjectNode converged = convergence.summary();
        converged.put("notConvergedWithin30s", notConverged[0]);
        converged.put("sampledAtOnce", WATCHED);
        node.set("cartEmptiedAfterMs", converged);
        ObjectNode outcomeNode = node.putObject("outcomes");
        outcomes.forEach(outcomeNode::put);
        node.set("cpu", cpu);
        return node;
    }

    /** Follows a sample of completed checkouts until their carts are empty: at most {@link #WATCHED} at a time. */
    private void watch(Session customer, long answered) {
        if (!watchSlots.tryAcquire()) {
            return;
        }
        watchers.register();
        Thread.startVirtualThread(() -> {
            try {
                long emptied = awaitEmptyCart(customer, answered, pollMillis);
                synchronized (convergence) {
                    if (emptied < 0) {
                        notConverged[0]++;
                    } else {
                        convergence.add(emptied - answered);
                    }
                }
            } catch (InterruptedException | RuntimeException e) {
                // a lost sample, not a failed checkout
            } finally {
                watchSlots.release();
                watchers.arriveAndDeregister();
            }
        });
    }

    /** The moment the cart was first seen empty, or -1 after the timeout. */
    private long awaitEmptyCart(Session customer, long since, long pollMillis) throws InterruptedException {
        long deadline = since + CONVERGENCE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Answer cart = shop.cart(customer);
            long seen = System.nanoTime();
            if (cart.status() == 200 && cart.json().path("lines").isEmpty()) {
                return seen;
            }
            TimeUnit.MILLISECONDS.sleep(pollMillis);
        }
        return -1;
    }

    /**
     * One virtual user in a closed loop over its own customers, so that it seldom waits for the
     * event that empties a cart it has just checked out: by the time it comes back to a customer, that cart is
     * normally empty (it looks first, and waits if not). Everything it measures is kept only when the answer lands in
     * the window.
     */
    private final class Worker {
        private final List<String> customers = new ArrayList<>();
        private final Latencies checkoutLatency = new Latencies();
        private final Latencies fillLatency = new Latencies();
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private final Map<String, Session> sessions = new HashMap<>();
        private final Map<String, Long> loggedInAt = new HashMap<>();
        private volatile int completed;
        private int next;

        Worker(String customerPrefix) {
            for (int i = 0; i < customersPerUser; i++) {
                customers.add(customerPrefix + "-" + i);
            }
        }

        void run() throws InterruptedException {
            while (System.nanoTime() < windowEnd) {
                Session customer = session(customers.get(next++ % customers.size()));
                if (customer == null) {
                    TimeUnit.MILLISECONDS.sleep(100);
                } else {
                    iteration(customer);
                }
            }
        }

        private void iteration(Session customer) throws InterruptedException {
            Answer cart = shop.cart(customer);
            if (cart.status() == 200 && !cart.json().path("lines").isEmpty()) {
                // The last order's event has not emptied this cart yet: wait for it rather than mix two journeys.
                if (inWindow(System.nanoTime())) {
                    count("waited-for-emptied-cart");
                }
                if (awaitEmptyCart(customer, System.nanoTime(), 50) < 0) {
                    count("cart-not-emptied");
                    clearCart(customer);
                }
            } else if (cart.status() != 200) {
                failed("cart-view", cart, customer);
                return;
            }
            for (String sku : pick()) {
                Answer put = shop.setQuantity(customer, sku, 1);
                if (inWindow(System.nanoTime())) {
                    fillLatency.add(put.took().toNanos());
                }
                if (put.status() != 200) {
                    failed("cart-line", put, customer);
                    return;
                }
            }
            Answer answer = shop.checkout(customer, UUID.randomUUID(), "tok_visa");
            long answered = System.nanoTime();
            boolean counted = inWindow(answered);
            if (counted) {
                count("checkout-" + answer.status());
            }
            if (answer.status() == 201) {
                if (counted) {
                    checkoutLatency.add(answer.took().toNanos());
                    completed++;
                    watch(customer, answered);
                }
            } else if (answer.status() != 202) {
                // 202: still settling; the order completes later and its event empties the cart (checked next round).
                failed("checkout", answer, customer);
            }
        }

        /** Counts a failed step (status 0: no answer at all), empties the cart and backs off a little. */
        private void failed(String step, Answer answer, Session customer) throws InterruptedException {
            if (!step.equals("checkout") && inWindow(System.nanoTime())) {
                count(step + "-" + answer.status());
            }
            clearCart(customer);
            TimeUnit.MILLISECONDS.sleep(50);
        }

        private void clearCart(Session customer) {
            Answer cart = shop.cart(customer);
            if (cart.status() == 200) {
                for (var line : cart.json().path("lines")) {
                    shop.send("DELETE", "/api/cart/items/" + line.path("sku").asText(), customer, null, Map.of());
                }
            }
        }

        /** The customer's session, logged in again before its token expires; null when the login failed. */
        private Session session(String customer) {
            Long at = loggedInAt.get(customer);
            if (at == null || System.nanoTime() - at > TOKEN_LIFETIME.toNanos()) {
                try {
                    sessions.put(customer, shop.login(customer));
                    loggedInAt.put(customer, System.nanoTime());
                } catch (IllegalStateException e) {
                    count("login-failed");
                    return null;
                }
            }
            return sessions.get(customer);
        }

        private List<String> pick() {
            List<String> all = new ArrayList<>(skus);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < lines; i++) {
                int j = i + random.nextInt(all.size() - i);
                String swap = all.get(i);
                all.set(i, all.get(j));
                all.set(j, swap);
            }
            return all.subList(0, lines);
        }

        private boolean inWindow(long nanos) {
            return nanos >= windowStart && nanos <= windowEnd;
        }

        private void count(String outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
        }
    }
}
