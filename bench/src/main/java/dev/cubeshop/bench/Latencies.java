package dev.cubeshop.bench;

import java.util.Arrays;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A growable list of durations in nanoseconds and its percentiles (nearest rank), in milliseconds. */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int size() {
        return size;
    }

    ObjectNode summary() {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("count", size);
        if (size == 0) {
            return node;
        }
        node.put("p50", millis(percentile(sorted, 50)));
        node.put("p90", millis(percentile(sorted, 90)));
        node.put("p99", millis(percentile(sorted, 99)));
        node.put("p999", millis(percentile(sorted, 99.9)));
        node.put("max", millis(sorted[size - 1]));
        node.put("mean", millis((long) Arrays.stream(sorted).average().orElse(0)));
        return node;
    }

    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
