package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/**
 * Zero-downtime restarts: every replica of every application restarted one at a time ({@code ./cubeshop restart})
 * while clients browse, change carts and check out through the gateways. Not one client request may fail.
 *
 * <p>
 * Not yet green, hence excluded from the default run (system-tests/pom.xml) and run by name. Last run: 12 of 222
 * requests failed: callers that balance with a static Stork list (cart → inventory, orchestrator → inventory) still
 * reach an inventory replica that is shutting down (503, or a 400 ms timeout in cart), checkouts answered 202 while a
 * commit waited on a restarting inventory, and carts were emptied later than 15 s while cart consumers rebalanced.
 * Readiness-aware client-side balancing (a registry, issue #13) is the fix this test waits for.
 */
@Order(6)
class RollingRestartIT extends SystemTest {
    static final int CLIENTS = 6;

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    @Test
    void restartingEveryReplicaUnderLoadFailsNoClientRequest() throws Exception {
        Run run = run();
        run.restore();
        List<String> skus = List.of(run.product(1_500, 100_000), run.product(2_500, 100_000));
        AtomicBoolean restarting = new AtomicBoolean(true);
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                long seed = c;
                clients.add(pool.submit(() -> browseAndBuy(skus, restarting, new Random(seed))));
            }
            try {
                run.stack.rollingRestart(Stack.APPS);
            } finally {
                restarting.set(false);
            }
            for (Future<?> client : clients) {
                client.get();
            }
        }
        System.out.printf("[system-tests] rolling restart of %d replicas in %d s: requests %s, failed %d%s%n",
                Stack.APPS.size() * run.stack.replicas(), Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                new java.util.TreeMap<>(Map.copyOf(counts)), failures.size(),
                failures.isEmpty()
                        ? ""
                        : "\n  " + String.join("\n  ", failures.subList(0, Math.min(20,
                                failures.size()))));
        assertThat(failures).as("client requests that failed during the rolling restart").isEmpty();
        assertThat(counts.get("checkout").get()).as("checkouts during the restart").isPositive();
    }

    private void browseAndBuy(List<String> skus, AtomicBoolean restarting, Random random) {
        try {
            shopWhileRestarting(skus, restarting, random);
        } catch (RuntimeException | AssertionError e) {
            failures.add("client stopped: " + e.getMessage());
        }
    }

    private void shopWhileRestarting(List<String> skus, AtomicBoolean restarting, Random random) {
        Run run = run();
        Session customer = run.customer();
        while (restarting.get()) {
            String sku = skus.get(random.nextInt(skus.size()));
            expect("browse", run.shop.products("size=10&sort=price"), 200);
            expect("product", run.shop.product(sku), 200);
            expect("cart-write", run.shop.setQuantity(customer, sku, 1 + random.nextInt(3)), 200);
            expect("cart-read", run.shop.cart(customer), 200);
            if (random.nextInt(4) == 0) {
                Answer checkout = run.shop.checkout(customer, UUID.randomUUID(), TOKEN_OK);
                if (expect("checkout", checkout, 201)) {
                    // The run's customers never refill after a checkout (invariant 6): a new one takes over.
                    JourneyIT.awaitEmptyCart(customer);
                    customer = newCustomer(customer);
                }
            }
        }
    }

    private Session newCustomer(Session current) {
        counts.computeIfAbsent("login", k -> new AtomicInteger()).incrementAndGet();
        try {
            return run().customer();
        } catch (IllegalStateException e) {
            failures.add("login → " + e.getMessage());
            return current;
        }
    }

    private boolean expect(String kind, Answer answer, int status) {
        counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        if (answer.status() != status) {
            failures.add(kind + " → " + answer);
            return false;
        }
        return true;
    }
}
