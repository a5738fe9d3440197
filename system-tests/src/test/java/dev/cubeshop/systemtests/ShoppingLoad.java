package dev.cubeshop.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/**
 * Clients that keep reading and writing through the gateways while a test changes the stack underneath them: each
 * browses (an uncached name search, so that it reaches inventory), reads a product, sets a cart line (cart prices it at
 * inventory), reads the cart, and now and then checks out (the orchestrator reserves, charges, commits) and waits for
 * the cart to empty, then thinks for a moment before the next round (a shopper reading the page, not a benchmark:
 * the machine keeps the headroom an operator leaves before restarting or scaling). Every answer other than the
 * expected status is a failure, recorded with the time it happened.
 */
final class ShoppingLoad implements AutoCloseable {
    /** One failed client request: when (System.nanoTime()) and what. */
    record Failure(long at, String what) {
        @Override
        public String toString() {
            return what;
        }
    }

    /** A client's pause between rounds. */
    static final Duration THINK = Duration.ofMillis(300);

    private final Run run;
    private final List<String> skus;
    private final ExecutorService pool;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());

    private ShoppingLoad(Run run, List<String> skus, int clients) {
        this.run = run;
        this.skus = List.copyOf(skus);
        this.pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            Random random = new Random(c);
            pool.submit(() -> client(random));
        }
    }

    static ShoppingLoad start(Run run, List<String> skus, int clients) {
        return new ShoppingLoad(run, skus, clients);
    }

    /** Stops the clients after their current round and waits for them. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            failures.add(new Failure(System.nanoTime(), "clients did not stop within 2 minutes"));
        }
    }

    Map<String, Integer> counts() {
        Map<String, Integer> copy = new TreeMap<>();
        counts.forEach((kind, count) -> copy.put(kind, count.get()));
        return copy;
    }

    int requests() {
        return counts().values().stream().mapToInt(Integer::intValue).sum();
    }

    List<Failure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    List<Failure> failuresBetween(long from, long to) {
        return failures().stream().filter(f -> f.at() >= from && f.at() < to).toList();
    }

    /** Failures counted by request kind and status, then the first ones, one a line, for a test's printout. */
    static String describe(List<Failure> failures) {
        if (failures.isEmpty()) {
            return "";
        }
        Map<String, Long> byKind = failures.stream().collect(Collectors.groupingBy(
                f -> f.what().replaceAll("^(\\S+ → \\S+).*", "$1"), TreeMap::new,
                Collectors.counting()));
        return "\n  by kind: " + byKind + "\n  " + String.join("\n  ", failures.subList(0, Math.min(20,
                failures.size())).stream().map(Failure::what).toList());
    }

    private void client(Random random) {
        try {
            shop(random);
        } catch (RuntimeException | AssertionError e) {
            failures.add(new Failure(System.nanoTime(), "client stopped: " + e.getMessage()));
        }
    }

    private void shop(Random random) {
        Session customer = run.customer();
        while (running.get()) {
            String sku = skus.get(random.nextInt(skus.size()));
            // Signed in, as a shop's front end sends every call: the gateway rate-limits per customer, not per
            // address (all clients here share 127.0.0.1, which the anonymous limit would throttle as one).
            expect("browse", run.shop.send("GET", "/api/products?size=5&q=" + Long.toString(random.nextLong() >>> 1,
                    36), customer, null, Map.of()), 200);
            expect("product", run.shop.send("GET", "/api/products/" + sku, customer, null, Map.of()), 200);
            expect("cart-write", run.shop.setQuantity(customer, sku, 1 + random.nextInt(3)), 200);
            expect("cart-read", run.shop.cart(customer), 200);
            if (random.nextInt(4) == 0) {
                Answer checkout = run.shop.checkout(customer, UUID.randomUUID(), SystemTest.TOKEN_OK);
                if (expect("checkout", checkout, 201)) {
                    // The run's customers never refill after a checkout (invariant 6): a new one takes over.
                    JourneyIT.awaitEmptyCart(customer);
                    customer = newCustomer(customer);
                }
            }
            think();
        }
    }

    private void think() {
        try {
            Thread.sleep(THINK);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    private Session newCustomer(Session current) {
        counts.computeIfAbsent("login", k -> new AtomicInteger()).incrementAndGet();
        try {
            return run.customer();
        } catch (IllegalStateException e) {
            failures.add(new Failure(System.nanoTime(), "login → " + e.getMessage()));
            return current;
        }
    }

    private boolean expect(String kind, Answer answer, int status) {
        counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        if (answer.status() != status) {
            failures.add(new Failure(System.nanoTime(), kind + " → " + answer));
            return false;
        }
        return true;
    }
}
