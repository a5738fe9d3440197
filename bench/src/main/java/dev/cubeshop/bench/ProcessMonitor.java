package dev.cubeshop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * CPU time and resident memory of the stack's processes, from their own accounting in /proc: utime + stime of
 * /proc/&lt;pid&gt;/stat before and after a window, and VmRSS sampled during it. Besides the listed processes
 * (label pid per line, e.g. "inventory-0 1234", "kafka 99"), it sums the PostgreSQL backends that serve the
 * benchmark databases (their process title names the database, e.g. "postgres: 15/main: cart cart_bench …").
 */
final class ProcessMonitor {
    private static final double CLOCK_TICKS = Double.parseDouble(System.getProperty("clk.tck", "100"));
    static final String POSTGRES = "postgres (bench databases)";

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final String databaseMarker;
    private final Map<String, Long> peakRssKib = new ConcurrentHashMap<>();
    private Map<String, Long> startTicks;
    private Map<String, Long> startRss;
    private long startNanos;

    ProcessMonitor(Path pidsFile, String databaseSuffix) throws IOException {
        if (pidsFile != null) {
            for (String line : Files.readAllLines(pidsFile)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    pids.put(parts[0], Long.parseLong(parts[1]));
                }
            }
        }
        pids.put("load-driver", ProcessHandle.current().pid());
        this.databaseMarker = databaseSuffix == null ? null : databaseSuffix + " ";
    }

    void start() {
        startTicks = ticks();
        startRss = rss();
        startNanos = System.nanoTime();
        sample();
    }

    /** Records the current RSS of every process as a candidate for its peak. */
    void sample() {
        rss().forEach((label, kib) -> peakRssKib.merge(label, kib, Math::max));
    }

    ObjectNode stop(int completed) {
        Map<String, Long> endTicks = ticks();
        sample();
        double window = (System.nanoTime() - startNanos) / 1e9;
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("windowSeconds", round(window));
        ArrayNode processes = node.putArray("processes");
        double apps = 0;
        double postgres = 0;
        double kafka = 0;
        double driver = 0;
        for (var entry : endTicks.entrySet()) {
            String label = entry.getKey();
            double seconds = (entry.getValue() - startTicks.getOrDefault(label, 0L)) / CLOCK_TICKS;
            ObjectNode process = processes.addObject();
            process.put("name", label);
            if (pids.containsKey(label)) {
                process.put("pid", pids.get(label));
            }
            process.put("cpuSeconds", round(seconds));
            process.put("cpuCores", round(seconds / window));
            // Summed backend RSS counts PostgreSQL's shared buffers once per backend: meaningless, so left out.
            if (!label.equals(POSTGRES)) {
                process.put("rssStartMiB", mib(startRss.getOrDefault(label, 0L)));
                process.put("rssPeakMiB", mib(peakRssKib.getOrDefault(label, 0L)));
            }
            switch (label) {
                case "kafka" -> kafka += seconds;
                case "load-driver" -> driver += seconds;
                case POSTGRES -> postgres += seconds;
                default -> apps += seconds;
            }
        }
        node.put("appsCpuSeconds", round(apps));
        node.put("postgresCpuSeconds", round(postgres));
        node.put("kafkaCpuSeconds", round(kafka));
        node.put("driverCpuSeconds", round(driver));
        if (completed > 0) {
            node.put("appsCpuMsPerCheckout", round(apps * 1000 / completed));
            node.put("cpuMsPerCheckout", round((apps + postgres) * 1000 / completed));
            node.put("cpuMsPerCheckoutWithKafka", round((apps + postgres + kafka) * 1000 / completed));
        }
        return node;
    }

    private Map<String, Long> ticks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((label, pid) -> {
            long[] stat = stat(pid);
            if (stat != null) {
                ticks.put(label, stat[0] + stat[1]);
            }
        });
        // Backends are pooled, so they live across the window; one that starts inside it counts from zero.
        if (databaseMarker != null) {
            ticks.put(POSTGRES, backends().stream().mapToLong(pid -> {
                long[] stat = stat(pid);
                return stat == null ? 0 : stat[0] + stat[1];
            }).sum());
        }
        return ticks;
    }

    private Map<String, Long> rss() {
        Map<String, Long> rss = new LinkedHashMap<>();
        pids.forEach((label, pid) -> rss.put(label, vmRssKib(pid)));
        if (databaseMarker != null) {
            rss.put(POSTGRES, backends().stream().mapToLong(ProcessMonitor::vmRssKib).sum());
        }
        return rss;
    }

    private List<Long> backends() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                            return cmdline.startsWith("postgres: ") && cmdline.contains(databaseMarker);
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** utime and stime in clock ticks, or null when the process is gone. */
    private static long[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[]{Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long vmRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone: counts as zero
        }
        return 0;
    }

    private static double mib(long kib) {
        return Math.round(kib / 102.4) / 10.0;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
