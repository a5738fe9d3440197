package dev.cubeshop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a run's results.json (assembled by bench/run) into report.md and SVG charts. Charts are linked relative to
 * the report as {@code <charts-link>/<name>.svg}, so the same report works in bench/out and in docs/.
 */
final class Report {
    private final JsonNode results;
    private final Path chartDir;
    private final String chartLink;
    private final StringBuilder md = new StringBuilder();

    private Report(JsonNode results, Path chartDir, String chartLink) {
        this.results = results;
        this.chartDir = chartDir;
        this.chartLink = chartLink;
    }

    static void write(Path resultsFile, Path outDir, String chartLink) throws IOException {
        JsonNode results = new ObjectMapper().readTree(resultsFile.toFile());
        Path charts = outDir.resolve(chartLink);
        Files.createDirectories(charts);
        Report report = new Report(results, charts, chartLink);
        report.render();
        Files.writeString(outDir.resolve("report.md"), report.md.toString());
    }

    private void render() throws IOException {
        JsonNode meta = results.path("meta");
        line("# Cubeshop benchmarks");
        line("");
        line("Written by `bench/run` (" + meta.path("mode").asText() + " mode) on " + meta.path("startedAt").asText()
                + "; the numbers of every run are in `results.json` beside this report. Everything below was measured"
                + " in this one run, on one machine, with the load generators on the same cores as the stack: read"
                + " the figures as ratios between rows of one table, not as capacity of a production deployment.");
        line("");
        summary();
        machine(meta);
        gateway();
        checkout();
        convergence();
        footprint();
        growth();
        method(meta);
    }

    private void summary() {
        line("## Summary");
        line("");
        JsonNode runs = results.path("gateway");
        for (String path : distinct(runs, "path")) {
            JsonNode g = find(runs,
                    r -> r.path("path").asText().equals(path) && r.path("target").asText().equals("gateway"));
            JsonNode x = find(runs,
                    r -> r.path("path").asText().equals(path) && r.path("target").asText().equals("nginx"));
            JsonNode d = find(runs,
                    r -> r.path("path").asText().equals(path) && r.path("target").asText().equals("direct"));
            if (g != null && x != null && d != null) {
                line(String.format(Locale.ROOT,
                        "- Catalog `%s`, uncached: gateway %s req/s (p99 %s ms), nginx %s req/s (p99 %s ms), direct %s"
                                + " req/s (p99 %s ms): gateway/nginx throughput %s, gateway/direct %s.",
                        path, n(g, "rps"), n(g, "p99Ms"), n(x, "rps"), n(x, "p99Ms"), n(d, "rps"), n(d, "p99Ms"),
                        ratio(g, x, "rps"), ratio(g, d, "rps")));
            }
        }
        for (JsonNode r : checkouts(r -> r.path("label").asText().startsWith("replicas-"))) {
            JsonNode l = r.path("checkoutLatencyMs");
            JsonNode c = r.path("cartEmptiedAfterMs");
            line(String.format(Locale.ROOT,
                    "- Checkout, %s replica(s) per service: %s completed/s, p50 %s ms, p99 %s ms, p99.9 %s ms; %s CPU ms"
                            + " per checkout (applications + their PostgreSQL backends); cart emptied p50 %s ms, p99 %s ms.",
                    r.path("replicas").asText(), n(r, "completedPerSecond"), n(l, "p50"), n(l, "p99"), n(l, "p999"),
                    n(r.path("cpu"), "cpuMsPerCheckout"), n(c, "p50"), n(c, "p99")));
        }
        for (JsonNode stack : results.path("footprint").path("stack")) {
            line(String.format(Locale.ROOT, "- Whole stack with %s replica(s) each ready in %s ms (parallel start).",
                    stack.path("replicas").asText(), BarChart.number(stack.path("readyMs").asDouble())));
        }
        line("");
    }

    private void machine(JsonNode meta) {
        JsonNode m = meta.path("machine");
        JsonNode v = meta.path("versions");
        JsonNode s = meta.path("settings");
        line("## Machine, versions, settings");
        line("");
        line("| | |");
        line("|---|---|");
        row("CPU", m.path("cpuModel").asText() + ", " + m.path("cores").asText() + " cores");
        row("memory", m.path("memoryGiB").asText() + " GiB");
        row("OS", m.path("os").asText() + ", kernel " + m.path("kernel").asText());
        row("load average (1 min) before / after",
                m.path("loadBefore").asText() + " / " + m.path("loadAfter").asText());
        row("JDK", v.path("jdk").asText());
        row("Quarkus", v.path("quarkus").asText());
        row("nginx", v.path("nginx").asText());
        row("wrk", v.path("wrk").asText());
        row("PostgreSQL", v.path("postgres").asText());
        row("Kafka broker", v.path("kafka").asText());
        row("JVM flags of every application", "`" + s.path("javaOpts").asText() + "`");
        row("gateway settings", s.path("gatewayProps").asText());
        row("wrk", s.path("wrk").asText());
        row("checkout driver", s.path("checkout").asText());
        line("");
    }

    private void gateway() throws IOException {
        JsonNode runs = results.path("gateway");
        if (runs.isEmpty()) {
            return;
        }
        line("## Gateway overhead: the same catalog read direct, through nginx and through the gateway");
        line("");
        line("One inventory replica serves every target. `list` is `GET /api/products?page=0&size=20`, `sku` is"
                + " `GET /api/products/{sku}` of one product. *Uncached* requests carry `Cache-Control: no-cache`"
                + " (the gateway then skips its cache; nginx has no cache on that port), so they measure proxying;"
                + " *cached* requests go to the gateway's catalog cache and to an nginx `proxy_cache` on a second port."
                + " The gateway's rate limits are off for this stack. Every answer was checked: non-2xx and socket"
                + " errors are counted.");
        line("");
        line("| target | path | cache | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | non-2xx | socket errors |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        for (JsonNode r : runs) {
            line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %d | %d |",
                    r.path("target").asText(), r.path("path").asText(), r.path("cache").asText(), n(r, "rps"),
                    n(r, "p50Ms"), n(r, "p90Ms"), n(r, "p99Ms"), n(r, "p999Ms"), r.path("non2xx").asLong(),
                    r.path("socketErrors").asLong()));
        }
        line("");
        line("Ratios (throughput: higher is better for the first; latency: lower is better for the first):");
        line("");
        line("| path | cache | gateway/nginx req/s | gateway/direct req/s | gateway/nginx p50 | gateway/nginx p99 |"
                + " gateway/direct p50 | gateway/direct p99 |");
        line("|---|---|---|---|---|---|---|---|");
        List<String> paths = distinct(runs, "path");
        for (String path : paths) {
            ratioRow(runs, path, "uncached", "gateway", "nginx", "direct");
            ratioRow(runs, path, "cached", "gateway-cached", "nginx-cached", "direct");
        }
        line("");
        List<String> uncached = List.of("direct", "nginx", "gateway");
        List<String> cached = List.of("nginx-cached", "gateway-cached");
        chart("gateway-throughput", targetChart(runs, paths, uncached, "Uncached catalog reads: requests per second",
                "req/s", "rps"), "Uncached reads: requests per second by target");
        chart("gateway-latency", targetChart(runs, paths, uncached, "Uncached catalog reads: p99 latency", "ms",
                "p99Ms"), "Uncached reads: p99 latency by target");
        chart("gateway-cached-throughput", targetChart(runs, paths, cached,
                "Cached catalog reads: requests per second", "req/s", "rps"),
                "Cached reads: requests per second, nginx proxy_cache and the gateway's cache");
    }

    private static BarChart targetChart(JsonNode runs, List<String> paths, List<String> targets, String title,
            String unit, String field) {
        BarChart chart = new BarChart(title, unit, paths);
        for (String target : targets) {
            chart.series(target, values(runs, paths, "path", r -> r.path("target").asText().equals(target), field));
        }
        return chart;
    }

    private void ratioRow(JsonNode runs, String path, String cache, String gateway, String nginx, String direct) {
        JsonNode g = find(runs, r -> r.path("path").asText().equals(path) && r.path("target").asText().equals(gateway));
        JsonNode x = find(runs, r -> r.path("path").asText().equals(path) && r.path("target").asText().equals(nginx));
        JsonNode d = find(runs, r -> r.path("path").asText().equals(path) && r.path("target").asText().equals(direct));
        if (g == null) {
            return;
        }
        line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |", path, cache, ratio(g, x, "rps"),
                ratio(g, d, "rps"), ratio(g, x, "p50Ms"), ratio(g, x, "p99Ms"), ratio(g, d, "p50Ms"),
                ratio(g, d, "p99Ms")));
    }

    private void checkout() throws IOException {
        List<JsonNode> runs = checkouts(r -> r.path("label").asText().startsWith("replicas-"));
        if (runs.isEmpty()) {
            return;
        }
        line("## Checkout throughput, one and two replicas per service");
        line("");
        line("Closed loop through the gateway: each virtual user cycles over customers of its own (16 by default, so"
                + " that it seldom comes back to a cart before the previous order's event has emptied it); per"
                + " customer it looks at the cart (`GET /api/cart`, which must be empty, else it waits for the"
                + " `OrderCompleted` event of the previous order), fills it (`PUT /api/cart/items/{sku}` per line), and"
                + " checks out (`POST /api/checkout`, fresh `Idempotency-Key`, `tok_visa`). Completed = 201 answers"
                + " inside the measured window (after the warm-up). Latency is of `POST /api/checkout` alone. Products"
                + " are created for the run with stock far beyond what it sells, so stock never limits it. CPU is the"
                + " processes' own accounting (`/proc/<pid>/stat` utime + stime) over the window, divided by the"
                + " completed checkouts, so it includes the cart requests of each journey. *stack* = every"
                + " application process plus the PostgreSQL backends serving the benchmark databases; Kafka is added"
                + " apart because the broker is shared with other stacks on this machine; the load driver's own CPU"
                + " is listed in the process table but counted nowhere. With two replicas, the driver's client"
                + " balances its requests round robin over both gateways, as a load balancer in front of them would.");
        line("");
        checkoutTable(runs);
        replicasCompared(runs);
        List<String> labels = runs.stream().map(r -> r.path("label").asText()).toList();
        chart("checkout-throughput",
                new BarChart("Completed checkouts per second", "checkouts/s", labels).series("completed/s",
                        runs.stream().mapToDouble(r -> r.path("completedPerSecond").asDouble()).toArray()),
                "Completed checkouts per second");
        BarChart latency = new BarChart("Checkout latency", "ms", labels);
        for (String p : List.of("p50", "p99", "p999")) {
            latency.series(p, runs.stream().mapToDouble(r -> r.path("checkoutLatencyMs").path(p).asDouble()).toArray());
        }
        chart("checkout-latency", latency, "Checkout latency");
        line("CPU time by process over the measured window (cores = CPU-seconds per second; RSS at the window's start"
                + " and its peak during the window):");
        line("");
        line("| run | process | CPU s | cores | RSS start MiB | RSS peak MiB |");
        line("|---|---|---|---|---|---|");
        for (JsonNode r : runs) {
            for (JsonNode p : r.path("cpu").path("processes")) {
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |", r.path("label").asText(),
                        p.path("name").asText(), n(p, "cpuSeconds"), n(p, "cpuCores"), n(p, "rssStartMiB"),
                        n(p, "rssPeakMiB")));
            }
        }
        line("");
    }

    /**
     * What the second replica bought on this machine, from the two runs' own numbers: the cores the stack used (CPU ms
     * per checkout × checkouts per second), the checkouts, and the CPU each cost.
     */
    private void replicasCompared(List<JsonNode> runs) {
        JsonNode one = find(runs, r -> r.path("replicas").asInt() == 1);
        JsonNode two = find(runs, r -> r.path("replicas").asInt() == 2);
        if (one == null || two == null || one.path("completedPerSecond").asDouble() == 0) {
            return;
        }
        line(String.format(Locale.ROOT, "Two replicas of every application against one, on the same %s cores: %s×"
                + " the completed checkouts at %s× the stack CPU per checkout, the stack busy on %s cores against %s."
                + " A second replica on the same machine adds processes, not cores: each JVM compiles the hot code"
                + " itself, keeps its own pools and caches, and runs its own background work (registry lease,"
                + " outbox relay, consumers, health rounds), and each sees half the traffic. X-axis scaling pays when"
                + " the replicas get cores of their own; what the second replica buys on one machine is availability"
                + " (a killed or restarting replica costs no request: the system tests' chaos and rolling restart).",
                results.path("meta").path("machine").path("cores").asText(), ratio(two, one, "completedPerSecond"),
                ratio(two.path("cpu"), one.path("cpu"), "cpuMsPerCheckout"), cores(two), cores(one)));
        line("");
    }

    private static String cores(JsonNode run) {
        return String.format(Locale.ROOT, "%.2f", run.path("cpu").path("cpuMsPerCheckout").asDouble()
                * run.path("completedPerSecond").asDouble() / 1000);
    }

    private void checkoutTable(List<JsonNode> runs) {
        line("| run | replicas | users | lines | catalog | completed/s | p50 ms | p99 ms | p99.9 ms |"
                + " stack CPU ms/checkout | apps only | + Kafka | outcomes |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (JsonNode r : runs) {
            JsonNode l = r.path("checkoutLatencyMs");
            JsonNode cpu = r.path("cpu");
            line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    r.path("label").asText() + (r.path("sharedInfraRestarted").asBoolean()
                            ? " (disturbed: the shared PostgreSQL or Kafka restarted during the run)"
                            : ""),
                    r.path("replicas").asText(), r.path("concurrency").asText(),
                    r.path("linesPerCart").asText(), BarChart.number(r.path("catalogProducts").asDouble()),
                    n(r, "completedPerSecond"), n(l, "p50"), n(l, "p99"), n(l, "p999"), n(cpu, "cpuMsPerCheckout"),
                    n(cpu, "appsCpuMsPerCheckout"), n(cpu, "cpuMsPerCheckoutWithKafka"), outcomes(r)));
        }
        line("");
    }

    private void convergence() throws IOException {
        List<JsonNode> runs = checkouts(r -> true);
        if (runs.isEmpty()) {
            return;
        }
        line("## Eventual consistency: from a completed checkout to the emptied cart");
        line("");
        line("Measured in every checkout run above, under its load: the time from the 201 answer of"
                + " `POST /api/checkout` to the first `GET /api/cart` that shows no lines (the cart service consumed"
                + " `checkout.order-completed.v1`). The driver polls every " + results.path("meta").path("settings")
                        .path("pollMs").asText("10")
                + " ms, so values are upper bounds with that resolution.");
        line("");
        line("| run | samples | p50 ms | p90 ms | p99 ms | max ms | not emptied within 30 s |");
        line("|---|---|---|---|---|---|---|");
        for (JsonNode r : runs) {
            JsonNode c = r.path("cartEmptiedAfterMs");
            line(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %d |", r.path("label").asText(),
                    c.path("count").asInt(), n(c, "p50"), n(c, "p90"), n(c, "p99"), n(c, "max"),
                    c.path("notConvergedWithin30s").asInt()));
        }
        line("");
        List<String> labels = runs.stream().map(r -> r.path("label").asText()).toList();
        BarChart chart = new BarChart("Checkout to emptied cart", "ms", labels);
        for (String p : List.of("p50", "p99")) {
            chart.series(p, runs.stream().mapToDouble(r -> r.path("cartEmptiedAfterMs").path(p).asDouble()).toArray());
        }
        chart("convergence", chart, "Time from checkout to emptied cart");
    }

    private void footprint() throws IOException {
        JsonNode footprint = results.path("footprint");
        JsonNode stacks = footprint.path("stack");
        if (stacks.isEmpty() && footprint.path("alone").isEmpty()) {
            return;
        }
        line("## Footprint: time to ready and resident memory");
        line("");
        line("*Stack* start: `./cubeshop up`'s functions, but every application started at once (`up` starts one"
                + " application at a time, callees first; PostgreSQL and Kafka"
                + " already running) timed from the first `java` exec to each application's `/q/health/ready` = 200,"
                + " polled every 100 ms. *Idle* RSS: a few seconds after the whole stack is ready, before any load."
                + " *Under load*: the peak RSS sampled every second during the checkout run of the same stack."
                + " *Restarts*: an application that exited during start-up (on a busy machine a cold start can miss"
                + " the services' 3 s connection acquisition timeout) is started again, at most twice; its time to"
                + " ready then counts from the first attempt.");
        line("");
        line("| replicas | whole stack ready (ms) | application | ready after (ms) | RSS idle MiB | RSS under load (peak) MiB |"
                + " restarts |");
        line("|---|---|---|---|---|---|---|");
        List<String> apps = new ArrayList<>();
        List<Double> idle = new ArrayList<>();
        List<Double> loaded = new ArrayList<>();
        for (JsonNode stack : stacks) {
            JsonNode run = find(results.path("checkout"),
                    r -> r.path("label").asText().equals("replicas-" + stack.path("replicas").asText()));
            for (JsonNode app : stack.path("apps")) {
                String name = app.path("name").asText();
                JsonNode process = run == null
                        ? null
                        : find(run.path("cpu").path("processes"),
                                p -> p.path("name").asText().equals(name));
                double peak = process == null ? Double.NaN : process.path("rssPeakMiB").asDouble();
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d |", stack.path("replicas").asText(),
                        BarChart.number(stack.path("readyMs").asDouble()), name, n(app, "readyMs"),
                        n(app, "rssIdleMiB"), Double.isNaN(peak) ? "–" : BarChart.number(peak),
                        app.path("restarts").asInt()));
                if (stack.path("replicas").asInt() == 1) {
                    apps.add(name.replaceAll("-0$", ""));
                    idle.add(app.path("rssIdleMiB").asDouble());
                    loaded.add(peak);
                }
            }
        }
        line("");
        if (!apps.isEmpty()) {
            chart("footprint-rss", new BarChart("Resident memory per application (one replica each)", "MiB", apps)
                    .series("idle", idle.stream().mapToDouble(Double::doubleValue).toArray())
                    .series("under checkout load (peak)", loaded.stream().mapToDouble(Double::doubleValue).toArray()),
                    "RSS idle and under load");
        }
        JsonNode alone = footprint.path("alone");
        if (!alone.isEmpty()) {
            line("Each application started alone (`bench/footprint.sh`, median of " + footprint.path("rounds").asText()
                    + "; no other application starting at the same time):");
            line("");
            line("| application | flags | time to ready (ms) | RSS when ready (MiB) |");
            line("|---|---|---|---|");
            for (JsonNode a : alone) {
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s |", a.path("app").asText(),
                        a.path("flags").asText(), n(a, "readyMs"), n(a, "rssMiB")));
            }
            line("");
        }
    }

    private void growth() throws IOException {
        JsonNode catalog = results.path("catalogGrowth");
        List<JsonNode> bySize = checkouts(r -> r.path("label").asText().startsWith("catalog-"));
        List<JsonNode> byLines = checkouts(r -> r.path("label").asText().startsWith("lines-"));
        if (catalog.isEmpty() && bySize.isEmpty() && byLines.isEmpty()) {
            return;
        }
        line("## Growth: catalog size and cart size");
        line("");
        line("The catalog grows in the benchmark's own inventory database with `services/inventory/bench/"
                + "generate-catalog.sql` (synthetic `BENCH-…` products, 2 % inactive, stock 0–255). Catalog reads:"
                + " `list` = first page by name, `sku` = a random product of the generated range per request,"
                + " `search` = `q=kettle` (5 % of the names match), each direct to inventory and through the gateway"
                + " uncached (`Cache-Control: no-cache`).");
        line("");
        if (!catalog.isEmpty()) {
            line("| products | target | path | req/s | p50 ms | p99 ms | p99.9 ms | non-2xx |");
            line("|---|---|---|---|---|---|---|---|");
            for (JsonNode r : catalog) {
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d |",
                        BarChart.number(r.path("products").asDouble()), r.path("target").asText(),
                        r.path("path").asText(), n(r, "rps"), n(r, "p50Ms"), n(r, "p99Ms"), n(r, "p999Ms"),
                        r.path("non2xx").asLong()));
            }
            line("");
            List<String> sizes = distinct(catalog, "products").stream()
                    .map(s -> BarChart.number(Double.parseDouble(s)) + " products").toList();
            List<String> sizeKeys = distinct(catalog, "products");
            BarChart chart = new BarChart("Catalog read p99 by catalog size (through the gateway, uncached)", "ms",
                    sizes);
            for (String path : distinct(catalog, "path")) {
                chart.series(path, values(catalog, sizeKeys, "products",
                        r -> r.path("path").asText().equals(path) && r.path("target").asText().equals("gateway"),
                        "p99Ms"));
            }
            chart("growth-catalog", chart, "Catalog read p99 by catalog size");
        }
        if (!bySize.isEmpty() || !byLines.isEmpty()) {
            line("Checkout at each catalog size and with carts of different sizes (same closed loop as above, one"
                    + " replica each):");
            line("");
            List<JsonNode> all = new ArrayList<>(bySize);
            all.addAll(byLines);
            checkoutTable(all);
        }
        if (!byLines.isEmpty()) {
            List<String> labels = byLines.stream().map(r -> r.path("linesPerCart").asText() + " lines").toList();
            BarChart chart = new BarChart("Checkout latency by cart size", "ms", labels);
            for (String p : List.of("p50", "p99")) {
                chart.series(p, byLines.stream().mapToDouble(r -> r.path("checkoutLatencyMs").path(p).asDouble())
                        .toArray());
            }
            chart("growth-cart", chart, "Checkout latency by cart size");
        }
    }

    private void method(JsonNode meta) {
        line("## How this was measured");
        line("");
        line("- Command: `" + meta.path("command").asText() + "`. It starts its own stack (`CUBESHOP_STACK=bench`,"
                + " ports +20000: gateway 28080, inventory 28082, further replicas +100) against the shared"
                + " PostgreSQL and Kafka, with its own databases (`inventory_bench`, `cart_0_bench`, `cart_1_bench`,"
                + " `payment_bench`, `checkout_bench`, owned by the services' users) and its own Kafka consumer groups (`…-bench`), so"
                + " that neither the big catalog nor thousands of orders touch the databases of `./cubeshop up` or"
                + " of the tests. The benchmark databases are emptied at the start of every full run.");
        line("- nginx is Debian's package, configured from a generated file in the output folder, run in the"
                + " foreground as the benchmark's own process (PID recorded, stopped by PID); same upstream replicas"
                + " as the gateway, keep-alive connections to them, `worker_processes auto`.");
        line("- wrk runs with `--latency` and a Lua `done()` hook that prints the percentiles as JSON; every target"
                + " gets a warm-up run (discarded) before the measured run.");
        line("- Everything (stack, PostgreSQL, Kafka, nginx, wrk, the driver) shares the same cores, and other work on"
                + " the machine may have run at the same time (see the load average above). Absolute values move"
                + " between runs; ratios within one run are the meaningful part.");
        line("");
    }

    private List<JsonNode> checkouts(Predicate<JsonNode> filter) {
        List<JsonNode> runs = new ArrayList<>();
        results.path("checkout").forEach(r -> {
            if (filter.test(r)) {
                runs.add(r);
            }
        });
        return runs;
    }

    private void chart(String name, BarChart chart, String alt) throws IOException {
        Files.writeString(chartDir.resolve(name + ".svg"), chart.svg());
        line("![" + alt + "](" + chartLink + "/" + name + ".svg)");
        line("");
    }

    private static String outcomes(JsonNode run) {
        List<String> parts = new ArrayList<>();
        run.path("outcomes").fields().forEachRemaining(e -> parts.add(e.getKey() + ": " + e.getValue().asText()));
        return String.join(", ", parts);
    }

    private static List<String> distinct(JsonNode runs, String field) {
        Set<String> values = new LinkedHashSet<>();
        runs.forEach(r -> values.add(r.path(field).asText()));
        return new ArrayList<>(values);
    }

    private static double[] values(JsonNode runs, List<String> categories, String categoryField,
            Predicate<JsonNode> series, String field) {
        return categories.stream().mapToDouble(c -> {
            JsonNode r = find(runs, x -> x.path(categoryField).asText().equals(c) && series.test(x));
            return r == null ? Double.NaN : r.path(field).asDouble();
        }).toArray();
    }

    private static JsonNode find(Iterable<JsonNode> runs, Predicate<JsonNode> filter) {
        for (JsonNode r : runs) {
            if (filter.test(r)) {
                return r;
            }
        }
        return null;
    }

    private static String ratio(JsonNode a, JsonNode b, String field) {
        if (a == null || b == null || b.path(field).asDouble() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", a.path(field).asDouble() / b.path(field).asDouble());
    }

    private static String n(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "–" : BarChart.number(value.asDouble());
    }

    private void row(String name, String value) {
        line("| " + name + " | " + value + " |");
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
