package dev.cubeshop.systemtests;

import static dev.cubeshop.systemtests.Run.sleep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/**
 * Chaos, bounded: concurrent customers check out scarce stock through the gateways while replicas are SIGKILLed and
 * started again, one at a time is frozen (SIGSTOP, SIGCONT), and the broker restarts once. Customers behave like real
 * clients: a lost answer is sent again with the same Idempotency-Key, a 202 is polled until the order settles. When
 * the time is up, whatever is down comes back, and after the recovery deadline the invariant checker reads every
 * service's database. {@code ./cubeshop chaos} runs it against your stack; {@code ChaosIT} against the system tests'.
 */
public final class Chaos {
    /** What a run does: how long, how many customers, how scarce the stock, how long a freeze. */
    public record Settings(Duration load, int customers, int products, int units, Duration freeze) {
        public Settings {
            if (load.compareTo(Duration.ofSeconds(20)) < 0 || load.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("the load lasts 20 s to 10 min, not " + load.toSeconds() + " s");
            }
            if (customers < 1 || customers > 50) {
                throw new IllegalArgumentException("1 to 50 customers, not " + customers);
            }
        }
    }

    /** What the clients saw (per attempt, one Idempotency-Key however often sent), the faults, and the check. */
    public record Result(Settings settings, Map<String, Integer> outcomes, List<String> faults,
            InvariantChecker.Report report) {
        public int count(String outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }

        /** The failures by status and problem, and the checkouts that settled only after a 202. */
        public Map<String, Integer> failures() {
            Map<String, Integer> failures = new TreeMap<>();
            outcomes.forEach((k, v) -> {
                if (k.startsWith("failed:") || k.equals("settled-later")) {
                    failures.put(k, v);
                }
            });
            return failures;
        }

        public String summary() {
            return String.format("chaos %d s, %d customers, %d products × %d units; faults: %s%n"
                    + "checkouts attempted %d / completed %d / declined %d / rejected %d / failed %d %s; violations %d",
                    settings.load().toSeconds(), settings.customers(), settings.products(), settings.units(), faults,
                    count("attempted"), count("completed"), count("declined"), count("rejected"), count("failed"),
                    failures(), report.violations().size());
        }
    }

    private final Run run;
    private final Settings settings;
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final List<String> faults = Collections.synchronizedList(new ArrayList<>());
    private long started;
    /** The replica frozen right now, if any: thawed on the way out whatever happens. */
    private volatile Map.Entry<String, Integer> frozen;

    public Chaos(Run run, Settings settings) {
        this.run = run;
        this.settings = settings;
    }

    public Result run() throws Exception {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < settings.products(); i++) {
            skus.add(run.product(500 + 100L * i, settings.units()));
        }
        started = System.nanoTime();
        long end = started + settings.load().toNanos();
        Thread thaw = new Thread(this::thaw, "chaos-thaw");
        Runtime.getRuntime().addShutdownHook(thaw);
        try (ExecutorService pool = Executors.newFixedThreadPool(settings.customers() + 1)) {
            List<Future<?>> customers = new ArrayList<>();
            for (int c = 0; c < settings.customers(); c++) {
                long seed = c;
                customers.add(pool.submit(() -> shop(skus, end, new Random(seed))));
            }
            Future<?> injector = pool.submit(() -> injectFaults(end, new Random(42)));
            injector.get();
            for (Future<?> customer : customers) {
                customer.get();
            }
        } finally {
            thaw();
            Runtime.getRuntime().removeShutdownHook(thaw);
        }
        // Whatever is still down comes back; then recovery has its deadline to settle every saga.
        run.restore();
        InvariantChecker.Report report = run.awaitInvariants(Run.RECOVERY_DEADLINE.plusSeconds(30));
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach((k, v) -> counts.put(k, v.get()));
        return new Result(settings, counts, List.copyOf(faults), report);
    }

    private void shop(List<String> skus, long end, Random random) {
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
            String token = dice < 85 ? "tok_visa" : dice < 95 ? "tok_declined" : "tok_slow";
            UUID key = UUID.randomUUID();
            count("attempted");
            // A client whose answer got lost sends the same key again: the shop must not charge twice.
            Answer answer = retry(() -> run.shop.checkout(customer, key, token), Set.of(201, 202, 402, 409), 6);
            if (answer.status() == 202) {
                // Still settling (a slow or lost payment answer): the client polls its order.
                count("settled-later");
                answer = settle(customer, answer);
            }
            String outcome = switch (answer.status()) {
                case 200, 201 -> "completed";
                case 402 -> "declined";
                case 409 -> "rejected";
                default -> "failed";
            };
            count(outcome);
            if (outcome.equals("failed")) {
                count("failed:" + answer.status() + (answer.isProblem() ? " " + answer.problemKind() : ""));
            }
        }
    }

    /** Polls a 202's order until it is terminal, as the answer a settled checkout gives (201, or its problem). */
    private Answer settle(Session customer, Answer accepted) {
        String orderId = accepted.json().path("id").asText();
        long end = System.nanoTime() + Run.RECOVERY_DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Answer order = run.shop.order(customer, orderId);
            int status = switch (order.json().path("status").asText()) {
                case "COMPLETED" -> 201;
                case "PAYMENT_DECLINED" -> 402;
                case "REJECTED" -> 409;
                case "FAILED" -> 503;
                default -> 0;
            };
            if (status != 0) {
                return new Answer(status, order.contentType(), order.text(), order.took());
            }
            sleep(Duration.ofMillis(500));
        }
        return accepted;
    }

    /** Sends until the answer is one of {@code settled} or the attempts run out; the last answer either way. */
    private static Answer retry(Supplier<Answer> call, Set<Integer> settled, int attempts) {
        Answer answer = call.get();
        for (int i = 1; i < attempts && !settled.contains(answer.status()); i++) {
            sleep(Duration.ofMillis(300L * i));
            answer = call.get();
        }
        return answer;
    }

    /**
     * Every few seconds one fault on a random replica of a random application (a kill, then its restart; every third a
     * freeze), and the broker restarts once, half-way. Stops 15 s before the end so the last fault is recovered from
     * under load; a kind of fault a short run has not had yet (a kill, a freeze, the broker) comes then.
     */
    private void injectFaults(long end, Random random) {
        List<Map.Entry<String, Integer>> apps = List.copyOf(run.stack.recorded().entrySet());
        Supplier<Map.Entry<String, Integer>> target = () -> {
            Map.Entry<String, Integer> app = apps.get(random.nextInt(apps.size()));
            return Map.entry(app.getKey(), random.nextInt(app.getValue()));
        };
        boolean brokerRestarted = false;
        boolean killed = false;
        boolean froze = false;
        long brokerAt = end - settings.load().toNanos() / 2;
        int round = 0;
        sleep(Duration.ofSeconds(8));
        while (System.nanoTime() < end - Duration.ofSeconds(15).toNanos()) {
            if (!brokerRestarted && System.nanoTime() >= brokerAt) {
                restartBroker();
                brokerRestarted = true;
            } else if (round++ % 3 == 1) {
                freeze(target.get());
                froze = true;
            } else {
                kill(target.get());
                killed = true;
            }
            sleep(Duration.ofSeconds(4));
        }
        if (!killed) {
            kill(target.get());
        }
        if (!froze) {
            freeze(target.get());
        }
        if (!brokerRestarted) {
            restartBroker();
        }
    }

    private void kill(Map.Entry<String, Integer> replica) {
        fault("SIGKILL " + replica.getKey() + "#" + replica.getValue());
        run.stack.kill(replica.getKey(), replica.getValue());
        sleep(Duration.ofSeconds(2));
        run.stack.revive();
    }

    private void freeze(Map.Entry<String, Integer> replica) {
        fault("SIGSTOP " + replica.getKey() + "#" + replica.getValue() + " " + settings.freeze().toSeconds() + " s");
        frozen = replica;
        run.stack.freeze(replica.getKey(), replica.getValue());
        sleep(settings.freeze());
        thaw();
    }

    private void restartBroker() {
        try {
            fault("broker restart");
            run.stack.restartBroker();
        } catch (IllegalStateException e) {
            // A broker ./cubeshop did not start is not ours to restart.
            faults.set(faults.size() - 1, "broker restart skipped (" + e.getMessage().lines().findFirst().orElse("")
                    + ")");
        }
    }

    /** Records a fault and says so as it happens (the run is long; the output shows where it is). */
    private void fault(String fault) {
        faults.add(fault);
        System.out.printf("  %3d s  %s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds(), fault);
    }

    private synchronized void thaw() {
        Map.Entry<String, Integer> replica = frozen;
        if (replica != null) {
            run.stack.thaw(replica.getKey(), replica.getValue());
            frozen = null;
        }
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * {@code ./cubeshop chaos}: one chaos run against the running stack ({@code CUBESHOP_STACK},
     * {@code CUBESHOP_PORT_OFFSET}); prints the figures and the invariants, writes them as JSON with {@code --report},
     * and exits 1 if any invariant is violated.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!Set.of("--seconds", "--customers", "--report", "--root").contains(args[i]) || i + 1 >= args.length) {
                usage("unexpected argument " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        Settings settings;
        try {
            settings = new Settings(Duration.ofSeconds(Integer.parseInt(options.getOrDefault("seconds", "60"))),
                    Integer.parseInt(options.getOrDefault("customers", "12")), 8, 6, Duration.ofSeconds(5));
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        Stack stack = new Stack(Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize(),
                System.getenv().getOrDefault("CUBESHOP_STACK", ""),
                Integer.parseInt(System.getenv().getOrDefault("CUBESHOP_PORT_OFFSET", "0")), 1, Map.of());
        Map<String, Integer> replicas = stack.recorded();
        if (!replicas.containsKey("api-gateway")) {
            usage("no stack is running here: start one with ./cubeshop up --replicas 2");
        }
        System.out.println("Chaos against " + replicas + " for " + settings.load().toSeconds() + " s with "
                + settings.customers() + " customers; then recovery and the invariant check.");
        if (replicas.values().stream().anyMatch(n -> n < 2)) {
            System.out.println("Note: an application with one replica is unavailable while it is killed or frozen; "
                    + "its requests fail (counted below) but no invariant may break. Two replicas: ./cubeshop up "
                    + "--replicas 2");
        }
        Run run = new Run(stack, replicas.get("api-gateway"));
        Result result = new Chaos(run, settings).run();
        System.out.println(result.summary());
        System.out.println(result.report().summary());
        run.retireProducts();
        if (options.containsKey("report")) {
            Map<String, Object> json = new TreeMap<>();
            json.put("seconds", settings.load().toSeconds());
            json.put("customers", settings.customers());
            json.put("outcomes", result.outcomes());
            json.put("failures", result.failures());
            json.put("faults", result.faults());
            json.put("ordersByStatus", result.report().ordersByStatus());
            json.put("violations", result.report().violations());
            Files.writeString(Path.of(options.get("report")),
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        }
        System.exit(result.report().clean() ? 0 : 1);
    }

    private static void usage(String problem) {
        System.err.println("chaos: " + problem + "\nusage: ./cubeshop chaos [--seconds 60] [--customers 12] "
                + "[--report FILE]   (20..600 s, 1..50 customers)");
        System.exit(2);
    }
}
