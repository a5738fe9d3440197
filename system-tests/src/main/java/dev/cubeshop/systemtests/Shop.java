package dev.cubeshop.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client of the shop's public API, as a browser or app would use it: everything goes through the gateway. Every
 * call answers an {@link Answer}, also for errors and transport failures (status 0), so load and chaos drivers can
 * count outcomes instead of catching exceptions.
 *
 * <p>
 * Given several gateway replicas, the client plays the part of the load balancer in front of them (a Kubernetes
 * Service, a cloud load balancer, nginx): round robin over the replicas whose readiness answers UP, polled every
 * 250 ms, and a refused connection tried once more on the next replica (nothing was sent).
 */
public final class Shop implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> gateways;
    private final AtomicIntegerArray ready;
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient http;
    private final Duration timeout;
    private final ScheduledExecutorService poller;

    public Shop(URI gateway) {
        this(List.of(gateway), Duration.ofSeconds(40));
    }

    public Shop(List<URI> gateways, Duration timeout) {
        this.gateways = List.copyOf(gateways);
        this.ready = new AtomicIntegerArray(gateways.size());
        for (int i = 0; i < gateways.size(); i++) {
            ready.set(i, 1);
        }
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1)
                .build();
        if (gateways.size() > 1) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "gateway-readiness");
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(this::pollReadiness, 0, 250, TimeUnit.MILLISECONDS);
        } else {
            poller = null;
        }
    }

    public URI gateway() {
        return gateways.get(0);
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    private void pollReadiness() {
        for (int i = 0; i < gateways.size(); i++) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(gateways.get(i).resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                ready.set(i, answer.statusCode() == 200 ? 1 : 0);
            } catch (IOException e) {
                ready.set(i, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The next ready gateway (round robin); any gateway when none is known to be ready. */
    private int pick() {
        int n = gateways.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            if (ready.get((start + i) % n) == 1) {
                return (start + i) % n;
            }
        }
        return start;
    }

    /** One HTTP answer: status (0 when the request never got one), content type, body as JSON when it is JSON. */
    public record Answer(int status, String contentType, String text, Duration took) {
        public JsonNode json() {
            try {
                return text == null || text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json")
                    && json().path("status").asInt() == status && json().path("title").isTextual();
        }

        /** The {@code <kind>} of a problem type {@code https://cubeshop.dev/problems/<kind>}. */
        public String problemKind() {
            String type = json().path("type").asText("");
            return type.substring(type.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return status + " " + (text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    /** A logged-in user: the bearer token of the demo identity provider. */
    public record Session(String user, String token) {}

    public Session login(String user) {
        Answer answer = send("POST", "/api/auth/token", null, json(Map.of("username", user, "password", user)),
                Map.of());
        if (answer.status() != 200) {
            throw new IllegalStateException("login as " + user + " failed: " + answer);
        }
        return new Session(user, answer.json().path("access_token").asText());
    }

    public Answer products(String query) {
        return send("GET", "/api/products" + (query.isEmpty() ? "" : "?" + query), null, null, Map.of());
    }

    public Answer product(String sku) {
        return send("GET", "/api/products/" + sku, null, null, Map.of());
    }

    public Answer createProduct(Session admin, String sku, String name, long priceMinor, int onHand) {
        ObjectNode body = JSON.createObjectNode().put("sku", sku).put("name", name).put("onHand", onHand);
        body.putObject("price").put("amountMinor", priceMinor).put("currency", "EUR");
        return send("POST", "/api/admin/products", admin, body.toString(), Map.of());
    }

    public Answer stock(Session admin, String sku, int onHand) {
        return send("PUT", "/api/admin/products/" + sku + "/stock", admin, json(Map.of("onHand", onHand)), Map.of());
    }

    public Answer cart(Session customer) {
        return send("GET", "/api/cart", customer, null, Map.of());
    }

    public Answer setQuantity(Session customer, String sku, int quantity) {
        return send("PUT", "/api/cart/items/" + sku, customer, json(Map.of("quantity", quantity)), Map.of());
    }

    public Answer checkout(Session customer, UUID idempotencyKey, String paymentToken) {
        return send("POST", "/api/checkout", customer, json(Map.of("paymentToken", paymentToken)),
                Map.of("Idempotency-Key", idempotencyKey.toString()));
    }

    public Answer order(Session customer, String orderId) {
        return send("GET", "/api/orders/" + orderId, customer, null, Map.of());
    }

    public Answer orders(Session customer) {
        return send("GET", "/api/orders", customer, null, Map.of());
    }

    /** Any request: the bad-input tests build their own. The path is sent as given (odd characters included). */
    public Answer send(String method, String path, Session session, String body, Map<String, String> headers) {
        int first = pick();
        Answer answer = send(first, method, path, session, body, headers);
        if (answer.status() == 0 && answer.text().contains("ConnectException") && gateways.size() > 1) {
            ready.set(first, 0);
            answer = send(pick(), method, path, session, body, headers);
        }
        return answer;
    }

    private Answer send(int gateway, String method, String path, Session session, String body,
            Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateways.get(gateway) + path));
        builder.timeout(timeout).header("Accept", "application/json");
        if (session != null) {
            builder.header("Authorization", "Bearer " + session.token());
        }
        headers.forEach(builder::header);
        if (body != null && !headers.containsKey("Content-Type")) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            return new Answer(0, null, e.toString(), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, e.toString(), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static String json(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
