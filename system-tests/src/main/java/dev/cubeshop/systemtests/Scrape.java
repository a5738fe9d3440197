package dev.cubeshop.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Prometheus scrape ({@code /q/metrics}, text format) of one or more replicas, read as Prometheus would: samples
 * of a metric name with their labels, summed across the replicas scraped.
 */
public final class Scrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples = new ArrayList<>();

    private Scrape() {}

    /** Scrapes every port on 127.0.0.1 and keeps all their samples together. */
    public static Scrape of(List<Integer> ports) {
        Scrape scrape = new Scrape();
        for (int port : ports) {
            String text;
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/metrics")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("/q/metrics on " + port + " answered " + answer.statusCode());
                }
                text = answer.body();
            } catch (IOException e) {
                throw new IllegalStateException("cannot scrape 127.0.0.1:" + port, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            text.lines().filter(line -> !line.startsWith("#")).forEach(line -> {
                Matcher sample = SAMPLE.matcher(line);
                if (sample.find()) {
                    Map<String, String> labels = new java.util.HashMap<>();
                    if (sample.group(3) != null) {
                        Matcher label = LABEL.matcher(sample.group(3));
                        while (label.find()) {
                            labels.put(label.group(1), label.group(2));
                        }
                    }
                    scrape.samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
                }
            });
        }
        return scrape;
    }

    /** The metric names present in the scrape. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** The sum over every sample of {@code name} whose labels include all of {@code labels}. */
    public double sum(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> labels.entrySet().stream().allMatch(l -> l.getValue().equals(s.labels().get(l.getKey()))))
                .mapToDouble(Sample::value).sum();
    }

    public double sum(String name) {
        return sum(name, Map.of());
    }
}
