package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/**
 * Chaos, bounded: concurrent customers check out scarce stock while replicas are killed and restarted, one is frozen,
 * and the broker restarts once. Clients behave like real ones: they retry a lost answer with the same Idempotency-Key.
 * After the recovery deadline, every invariant must hold.
 */
@Order(5)
class ChaosIT extends SystemTest {
    static final Duration LOAD = Duration.ofSeconds(Long.getLong("cubeshop.chaos.seconds", 120));
    static final int CUSTOMERS = 12;
    static final int PRODUCTS = 8;
    static final int UNITS = 6;
    static final Duration FREEZE = Duration.ofSeconds(5);

    /** What the clients saw, per attempt (one attempt = one Idempotency-Key, however many times it was sent). */
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final List<String> faults = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void concurrentCheckoutsThroughKillsAFreezeAndABrokerRestartLeaveNoViolation() throws Exception {
        Run run = run();
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            skus.add(run.product(500 + 100L * i, UNITS));
        }
        long end = System.nanoTime() + LOAD.toNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(CUSTOMERS + 1)) {
            List<Future<?>> customers = new ArrayList<>();
            for (int c = 0; c < CUSTOMERS; c++) {
                long seed = c;
                customers.add(pool.submit(() -> shop(skus, end, new Random(seed))));
            }
            Future<?> injector = pool.submit(() -> injectFaults(end, new Random(42)));
            injector.get();
            for (Future<?> customer : customers) {
                customer.get();
            }
        }
        // Whatever is still down comes back; then recovery has its deadline to settle every saga.
        run().restore();
        InvariantChecker.Report report = awaitInvariants(RECOVERY_DEADLINE.plusSeconds(30));
        System.out.printf("[system-tests] chaos %d s, %d customers, %d products × %d units; faults: %s%n",
                LOAD.toSeconds(), CUSTOMERS, PRODUCTS, UNITS, faults);
        System.out.printf("[system-tests] checkouts attempted %d / completed %d / declined %d / rejected %d / "
                + "failed %d %s; violations %d%n", countOf("attempted"), countOf("completed"), countOf("declined"),
                countOf("rejected"), countOf("failed"), failures(), report.violations().size());
        assertThat(report.violations()).as(report.summary()).isEmpty();
        assertThat(countOf("completed")).as("checkouts completed under chaos").isPositive();
        assertThat(countOf("rejected")).as("the stock was scarce enough to run out").isPositive();
    }

    private void shop(List<String> skus, long end, Random random) {
        Run run = run();
        while (System.nanoTime() < end) {
            Session customer;
            try {
                customer = run.customer();
            } catch (IllegalStateException e) {
                sleep(Duration.ofMillis(300));
                continue;
            }
            int lines = 1 + random.nextInt(2);
            boolean filled = true;
            for (int l = 0; l < lines && filled; l++) {
                filled = retry(() -> run.shop.setQuantity(customer, skus.get(random.nextInt(skus.size())),
                        1 + random.nextInt(2)), Set.of(200), 5).status() == 200;
            }
            if (!filled) {
                continue;
            }
            int dice = random.nextInt(100);
            String token = dice < 85 ? TOKEN_OK : dice < 95 ? "tok_declined" : "tok_slow";
            UUID key = UUID.randomUUID();
            count("attempted").incrementAndGet();
            // A client whose answer got lost sends the same key again: the shop must not charge twice.
            Answer answer = retry(() -> run.shop.checkout(customer, key, token), Set.of(201, 202, 402, 409), 6);
            if (answer.status() == 202) {
                // Still settling (a slow or lost payment answer): the client polls its order.
                count("settled-later").incrementAndGet();
                answer = settle(customer, answer);
            }
            String outcome = switch (answer.status()) {
                case 200, 201 -> "completed";
                case 402 -> "declined";
                case 409 -> "rejected";
                default -> "failed";
            };
            count(outcome).incrementAndGet();
            if (outcome.equals("failed")) {
                count("failed:" + answer.status() + (answer.isProblem() ? " " + answer.problemKind() : ""))
                        .incrementAndGet();
            }
        }
    }

    /** Polls a 202's order until it is terminal, as the answer a settled checkout gives (201, or its problem). */
    private static Answer settle(Session customer, Answer accepted) {
        String orderId = accepted.json().path("id").asText();
        long end = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Answer order = run().shop.order(customer, orderId);
            String status = order.json().path("status").asText();
            switch (status) {
                case "COMPLETED" :
                    return new Answer(201, order.contentType(), order.text(), order.took());
                case "PAYMENT_DECLINED" :
                    return new Answer(402, order.contentType(), order.text(), order.took());
                case "REJECTED" :
                    return new Answer(409, order.contentType(), order.text(), order.took());
                case "FAILED" :
                    return new Answer(503, order.contentType(), order.text(), order.took());
                default :
                    sleep(Duration.ofMillis(500));
            }
        }
        return accepted;
    }

    /** Sends until the answer is one of {@code settled} or the attempts run out; the last answer either way. */
    private static Answer retry(java.util.function.Supplier<Answer> call, Set<Integer> settled, int attempts) {
        Answer answer = call.get();
        for (int i = 1; i < attempts && !settled.contains(answer.status()); i++) {
            sleep(Duration.ofMillis(300L * i));
            answer = call.get();
        }
        return answer;
    }

    private void injectFaults(long end, Random random) {
        Run run = run();
        Stack stack = run.stack;
        boolean brokerRestarted = false;
        long brokerAt = end - LOAD.toNanos() / 2;
        int round = 0;
        sleep(Duration.ofSeconds(8));
        while (System.nanoTime() < end - Duration.ofSeconds(15).toNanos()) {
            String app = Stack.APPS.get(random.nextInt(Stack.APPS.size()));
            int replica = random.nextInt(stack.replicas());
            if (!brokerRestarted && System.nanoTime() >= brokerAt) {
                faults.add("broker restart");
                stack.restartBroker();
                brokerRestarted = true;
            } else if (round++ % 3 == 1) {
                faults.add("SIGSTOP " + app + "#" + replica + " " + FREEZE.toSeconds() + " s");
                stack.freeze(app, replica);
                sleep(FREEZE);
                stack.thaw(app, replica);
            } else {
                faults.add("SIGKILL " + app + "#" + replica);
                stack.kill(app, replica);
                sleep(Duration.ofSeconds(2));
                stack.up();
            }
            sleep(Duration.ofSeconds(4));
        }
        if (!brokerRestarted) {
            faults.add("broker restart");
            stack.restartBroker();
        }
    }

    private AtomicInteger count(String outcome) {
        return outcomes.computeIfAbsent(outcome, k -> new AtomicInteger());
    }

    private int countOf(String outcome) {
        return count(outcome).get();
    }

    private Map<String, Integer> failures() {
        Map<String, Integer> failures = new java.util.TreeMap<>();
        outcomes.forEach((k, v) -> {
            if (k.startsWith("failed:") || k.equals("settled-later")) {
                failures.put(k, v.get());
            }
        });
        return failures;
    }
}
