package dev.cubeshop.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * A scrape of {@code /q/metrics} read as Prometheus reads it: the samples of each metric name with their labels, summed
 * over everything scraped (one text, or several replicas). Both exposition formats are understood, the Prometheus
 * text format and OpenMetrics, which Quarkus serves by default: a label value may hold any character ({@code "}"}
 * included), and a sample may end in a timestamp and an exemplar ({@code # {trace_id="…"} 1.0 …}) whose value is not
 * the sample's.
 *
 * <p>
 * Only the JDK is used, so the system tests (which keep Quarkus off their class path) share it with the services'
 * tests.
 */
public final class Scrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples = new ArrayList<>();

    private Scrape() {}

    /** The samples of one exposition text. */
    public static Scrape parse(String text) {
        Scrape scrape = new Scrape();
        scrape.add(text);
        return scrape;
    }

    /** Scrapes {@code /q/metrics} of every port on 127.0.0.1 and keeps all their samples together. */
    public static Scrape of(List<Integer> ports) {
        Scrape scrape = new Scrape();
        for (int port : ports) {
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/metrics")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("/q/metrics on " + port + " answered " + answer.statusCode());
                }
                scrape.add(answer.body());
            } catch (IOException e) {
                throw new IllegalStateException("cannot scrape 127.0.0.1:" + port, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return scrape;
    }

    /** The metric names present in the scrape. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** The sum over every sample of {@code name} whose labels include all of {@code labels}; 0 when there is none. */
    public double sum(String name, Map<String, String> labels) {
        return matching(name, labels).mapToDouble(Sample::value).sum();
    }

    /** Whether the scrape has a sample of {@code name} whose labels include all of {@code labels} (at 0 or not). */
    public boolean has(String name, Map<String, String> labels) {
        return matching(name, labels).findAny().isPresent();
    }

    public double sum(String name) {
        return sum(name, Map.of());
    }

    /** How much {@link #sum(String, Map)} moved from {@code before} to this scrape. */
    public double since(Scrape before, String name, Map<String, String> labels) {
        return sum(name, labels) - before.sum(name, labels);
    }

    private Stream<Sample> matching(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> labels.entrySet().stream().allMatch(l -> l.getValue().equals(s.labels().get(l.getKey()))));
    }

    private void add(String text) {
        text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .forEach(line -> samples.add(new Line(line).sample()));
    }

    /** One sample line: {@code name[{label="value",…}] value [timestamp] [# exemplar]}. */
    private static final class Line {
        private final String text;
        private int at;

        Line(String text) {
            this.text = text;
        }

        Sample sample() {
            String name = token(c -> c != '{' && !Character.isWhitespace(c));
            Map<String, String> labels = new HashMap<>();
            if (at < text.length() && text.charAt(at) == '{') {
                at++;
                while (skip(", ") != '}') {
                    String label = token(c -> c != '=');
                    expect('=');
                    labels.put(label.strip(), quoted());
                }
                at++;
            }
            skip(" \t");
            return new Sample(name, labels, number(token(c -> !Character.isWhitespace(c))));
        }

        private String token(IntPredicate allowed) {
            int start = at;
            while (at < text.length() && allowed.test(text.charAt(at))) {
                at++;
            }
            if (at == start) {
                throw malformed();
            }
            return text.substring(start, at);
        }

        /** Skips the given characters; the next one, or a malformed-line failure at the end. */
        private char skip(String skipped) {
            while (at < text.length() && skipped.indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (at >= text.length()) {
                throw malformed();
            }
            return text.charAt(at);
        }

        private void expect(char c) {
            if (at >= text.length() || text.charAt(at) != c) {
                throw malformed();
            }
            at++;
        }

        /** A double-quoted label value with its escapes (\\, \", \n) resolved. */
        private String quoted() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (at < text.length() && text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c == '\\' && at < text.length()) {
                    char escaped = text.charAt(at++);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            expect('"');
            return value.toString();
        }

        private double number(String value) {
            return switch (value) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> {
                    try {
                        yield Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        throw malformed();
                    }
                }
            };
        }

        private IllegalArgumentException malformed() {
            return new IllegalArgumentException("not a metrics sample at column " + at + ": " + text);
        }
    }
}
