package dev.cubeshop.systemtests;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cubeshop.platform.registry.Etcd;
import dev.cubeshop.platform.registry.ServiceRegistry;

/**
 * The native stack as real processes, driven through {@code ./cubeshop}: a named stack ({@code CUBESHOP_STACK}) on
 * shifted ports ({@code CUBESHOP_PORT_OFFSET}) beside any stack a developer runs, sharing PostgreSQL and Kafka.
 * Faults are plain signals to the recorded PIDs; restarts go through the same script a user would call.
 */
public final class Stack {
    /** Carts are partitioned over this many shards (the native stack's default), cart-0 and cart-1. */
    public static final int CART_SHARDS = 2;
    public static final List<String> CART_APPS = List.of("cart-0", "cart-1");
    /** The applications, callees first (as infra/stack.sh starts them). */
    public static final List<String> APPS = List.of("inventory", "payment", "cart-0", "cart-1",
            "checkout-orchestrator", "api-gateway");
    /** infra/stack.sh's ports: cart shard 0 on 8081, shard i > 0 on 8084 + i. */
    private static final Map<String, Integer> BASE_PORTS = Map.of("api-gateway", 8080, "cart-0", 8081, "cart-1", 8085,
            "inventory", 8082, "payment", 8083, "checkout-orchestrator", 8084);

    /** Access-log lines: {@code 127.0.0.1 [date] "GET /path HTTP/1.1" 200 "User-Agent" "traceparent"}. */
    /** A replica's PID record in the run folder: {@code <app>-<replica>.pid}. */
    private static final Pattern RECORD = Pattern.compile("(.+)-(\\d+)\\.pid");
    public static final String ACCESS_LOG_PATTERN = "%h %t \"%r\" %s \"%{i,User-Agent}\" \"%{i,traceparent}\"";

    private final Path root;
    private final String name;
    private final int portOffset;
    private final int replicas;
    private final Path log;
    /** Set for every ./cubeshop command, so for every process it starts (beside this JVM's own environment). */
    private final Map<String, String> environment;
    /** This stack's namespace in the registry that ./cubeshop test starts (CUBESHOP_ETCD). */
    private final ServiceRegistry registry;

    public Stack(Path root, String name, int portOffset, int replicas, Map<String, String> environment) {
        this.root = root;
        this.environment = Map.copyOf(environment);
        this.name = name;
        this.portOffset = portOffset;
        this.replicas = replicas;
        this.log = root.resolve(".cubeshop/logs").resolve((name.isEmpty() ? "" : name + "-") + "control.log");
        this.registry = new ServiceRegistry(new Etcd(Etcd.endpoints(System.getenv().getOrDefault("CUBESHOP_ETCD",
                "http://127.0.0.1:2379")), Duration.ofSeconds(2)), "cubeshop/" + name);
    }

    public int replicas() {
        return replicas;
    }

    public URI gateway() {
        return URI.create("http://127.0.0.1:" + port("api-gateway", 0));
    }

    public int port(String app, int replica) {
        return BASE_PORTS.get(app) + portOffset + 100 * replica;
    }

    /** Starts what is not running yet (all of it the first time, a killed replica later) and waits until ready. */
    public void up() {
        cubeshop(Duration.ofMinutes(5), "up", "--replicas", String.valueOf(replicas), "--cart-shards",
                String.valueOf(CART_SHARDS));
    }

    /**
     * Starts again whatever replica of the running stack is recorded but not running (a killed one), with the replica
     * counts the stack runs ({@code ./cubeshop up} without {@code --replicas}), and waits until ready.
     */
    public void revive() {
        cubeshop(Duration.ofMinutes(5), "up");
    }

    /**
     * The applications this stack runs and how many replicas each, from its PID records ({@code app-replica.pid}),
     * callees first; a killed replica keeps its record until it is started again or the stack stops.
     */
    public Map<String, Integer> recorded() {
        Map<String, Integer> replicas = new TreeMap<>(Comparator
                .comparingInt((String app) -> APPS.indexOf(app.startsWith("cart-") ? "cart-0" : app))
                .thenComparing(Comparator.naturalOrder()));
        try (var files = Files.list(root.resolve(".cubeshop/run").resolve(name))) {
            files.map(file -> file.getFileName().toString()).forEach(file -> {
                Matcher record = RECORD.matcher(file);
                if (record.matches() && (APPS.contains(record.group(1)) || record.group(1).matches("cart-\\d+"))) {
                    replicas.merge(record.group(1), Integer.parseInt(record.group(2)) + 1, Math::max);
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return replicas;
    }

    /**
     * How many cart shards this stack runs: the count {@code ./cubeshop up} recorded with it ({@code cart-shards} in its
     * run folder, grown by {@code ./cubeshop shard add}), else the default.
     */
    public int cartShards() {
        try {
            return Integer.parseInt(Files.readString(root.resolve(".cubeshop/run").resolve(name).resolve("cart-shards"))
                    .strip());
        } catch (IOException | NumberFormatException e) {
            return CART_SHARDS;
        }
    }

    /** Stops every application of this stack by its recorded PID; the shared infrastructure stays. */
    public void down() {
        cubeshop(Duration.ofMinutes(2), "down", "--keep-infra");
    }

    /** Zero-downtime restart of every replica of these applications, one at a time (./cubeshop restart). */
    public void rollingRestart(List<String> apps) {
        List<String> args = new ArrayList<>(List.of("restart"));
        args.addAll(apps);
        cubeshop(Duration.ofMinutes(10), args.toArray(String[]::new));
    }

    /** Starts or stops replicas of one application at runtime ({@code ./cubeshop scale app n}). */
    public void scale(String app, int replicas) {
        cubeshop(Duration.ofMinutes(3), "scale", app, String.valueOf(replicas));
    }

    /** The addresses ({@code host:port}) registered for an application in this stack's registry namespace. */
    public List<String> registered(String app) {
        try {
            return registry.instances(app).stream().map(ServiceRegistry.Instance::address).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the registry at " + registry.etcd().endpointList(), e);
        }
    }

    /** A replica's log (every start appends to it after a "==> … starting" line). */
    public Path log(String app, int replica) {
        return root.resolve(".cubeshop/logs").resolve(name).resolve(app + "-" + replica + ".log");
    }

    /**
     * {@code ./cubeshop chaos}: a bounded chaos run against this stack in a process of its own, which writes its
     * figures and the invariant report to {@code report} as JSON; returns its exit status (0: no violation).
     */
    public int chaos(Duration load, int customers, Path report) {
        return run(load.plusMinutes(5), List.of(root.resolve("cubeshop").toString(), "chaos", "--seconds",
                String.valueOf(load.toSeconds()), "--customers", String.valueOf(customers), "--report",
                report.toString()), false);
    }

    /** Stops the Kafka broker (gracefully) and starts it again; returns when it accepts connections. */
    public void restartBroker() {
        cubeshop(Duration.ofMinutes(2), "infra", "restart-kafka");
    }

    /** The newcomers' walk-through ({@code ./cubeshop demo}) against this stack; returns what it printed. */
    public String demo(String user) {
        long from = log.toFile().length();
        cubeshop(Duration.ofMinutes(2), "demo", user);
        try {
            String all = Files.readString(log);
            return all.substring((int) Math.min(from, all.length()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** nginx in front of this stack's replicas: {@code ./cubeshop nginx up [app] | reload | down}. */
    public void nginx(String... args) {
        List<String> command = new ArrayList<>(List.of("nginx"));
        command.addAll(List.of(args));
        cubeshop(Duration.ofMinutes(2), command.toArray(String[]::new));
    }

    /** Where this stack's nginx listens (8090 + the port offset). */
    public URI nginxFront() {
        return URI.create("http://127.0.0.1:" + (8090 + portOffset));
    }

    /** nginx's access log: one line per request, with every replica it tried ({@code upstream="…"}). */
    public Path nginxAccessLog() {
        return root.resolve(".cubeshop/logs").resolve(name).resolve("nginx-access.log");
    }

    public OptionalLong pid(String app, int replica) {
        Path pidFile = root.resolve(".cubeshop/run").resolve(name).resolve(app + "-" + replica + ".pid");
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public void kill(String app, int replica) {
        signal(app, replica, "KILL");
    }

    public void freeze(String app, int replica) {
        signal(app, replica, "STOP");
    }

    public void thaw(String app, int replica) {
        signal(app, replica, "CONT");
    }

    /** Kills every replica of {@code app} at once: the dependency is completely down. */
    public void killAll(String app) {
        for (int r = 0; r < replicas; r++) {
            kill(app, r);
        }
    }

    public boolean alive(String app, int replica) {
        OptionalLong pid = pid(app, replica);
        return pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
    }

    private void signal(String app, int replica, String signal) {
        long pid = pid(app, replica).orElseThrow(() -> new IllegalStateException(app + " #" + replica + " has no PID"));
        // Only a process carrying this stack's marker is ours to signal (guards against a reused PID).
        String marker = "-Dcubeshop.instance=" + app + "-" + replica + "@";
        String cmdline = ProcessHandle.of(pid).flatMap(p -> p.info().arguments().map(a -> String.join(" ", a)))
                .orElse("");
        if (!cmdline.contains(marker) || !cmdline.contains("/" + name)) {
            throw new IllegalStateException("pid " + pid + " is not " + app + " #" + replica + " of this stack");
        }
        run(Duration.ofSeconds(10), List.of("kill", "-" + signal, String.valueOf(pid)));
    }

    private void cubeshop(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("cubeshop").toString());
        command.addAll(List.of(args));
        run(timeout, command);
    }

    private void run(Duration timeout, List<String> command) {
        run(timeout, command, true);
    }

    /** Runs a command with this stack's environment, its output appended to the control log; its exit status. */
    private int run(Duration timeout, List<String> command, boolean mustSucceed) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("CUBESHOP_STACK", name);
            builder.environment().put("CUBESHOP_PORT_OFFSET", String.valueOf(portOffset));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                        + "; see " + log);
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "); see " + log + ":\n" + tail(log));
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
