package dev.cubeshop.cart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP stand-in for the inventory service: two instances on free ports, each serving {@code GET
 * /api/products/{sku}} as inventory's ProductView, configured as the cart's Stork address list. Tests can stop and
 * start them (inventory down), and count what each instance served (client-side balancing).
 *
 * <p>
 * The catalog is a rule of the sku's prefix, the same in every class loader and process: {@code mug-…} 12.50 EUR,
 * {@code tee-…} 19.99 EUR, {@code cap-…} 9.99 EUR, {@code bulk-…} 1.00 EUR, {@code usd-…} 5.00 USD, {@code retired-…}
 * inactive, {@code slow-…} answers after 3 s; anything else is 404.
 */
public class InventoryStandIn implements QuarkusTestResourceLifecycleManager {
    public static final String ADDRESS_LIST = "quarkus.stork.inventory.service-discovery.address-list";
    private static final int INSTANCES = 2;
    private static final Instance[] instances = new Instance[INSTANCES];

    @Override
    public Map<String, String> start() {
        startAll();
        return Map.of(ADDRESS_LIST, addressList());
    }

    @Override
    public void stop() {
        stopAll();
    }

    public static synchronized void startAll() {
        for (int i = 0; i < INSTANCES; i++) {
            start(i);
        }
    }

    public static synchronized void start(int index) {
        if (instances[index] == null) {
            instances[index] = new Instance(0);
        } else if (instances[index].server == null) {
            instances[index].listen();
        }
    }

    public static synchronized void stopAll() {
        for (int i = 0; i < INSTANCES; i++) {
            stop(i);
        }
    }

    /** Closes the listening socket and every open connection: the instance refuses connections until started. */
    public static synchronized void stop(int index) {
        if (instances[index] != null && instances[index].server != null) {
            instances[index].server.stop(0);
            instances[index].server = null;
        }
    }

    public static String addressList() {
        return IntStream.range(0, INSTANCES).mapToObj(i -> "127.0.0.1:" + instances[i].port)
                .collect(Collectors.joining(","));
    }

    /** How many product reads instance {@code index} answered. */
    public static int served(int index) {
        return instances[index].served.get();
    }

    /** How many reads of {@code sku} instance {@code index} answered. */
    public static int served(int index, String sku) {
        return instances[index].servedBySku.getOrDefault(sku, 0);
    }

    private static final class Instance {
        private final AtomicInteger served = new AtomicInteger();
        private final Map<String, Integer> servedBySku = new ConcurrentHashMap<>();
        private int port;
        private HttpServer server;

        Instance(int port) {
            this.port = port;
            listen();
        }

        void listen() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            port = server.getAddress().getPort();
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/api/products/", this::product);
            server.start();
        }

        private void product(HttpExchange exchange) throws IOException {
            served.incrementAndGet();
            String sku = exchange.getRequestURI().getPath().substring("/api/products/".length());
            servedBySku.merge(sku, 1, Integer::sum);
            String body = productJson(sku);
            if (sku.startsWith("slow-")) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = 200;
            String type = "application/json";
            if (body == null) {
                status = 404;
                type = "application/problem+json";
                body = "{\"type\":\"https://cubeshop.dev/problems/product-not-found\",\"title\":\"No such product\","
                        + "\"status\":404}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The stand-in's catalog, also for tests that want to state expected names and prices. */
    public static String productJson(String sku) {
        for (var product : CATALOG) {
            if (sku.startsWith(product.prefix())) {
                return """
                        {"sku":"%s","name":"%s","description":"A %s","price":{"amountMinor":%d,"currency":"%s"},\
                        "available":50,"active":%s}""".formatted(sku, product.name(), product.name(),
                        product.priceMinor(), product.currency(), product.active());
            }
        }
        return null;
    }

    public record Product(String prefix, String name, long priceMinor, String currency, boolean active) {}

    public static final Product MUG = new Product("mug-", "Mug", 1250, "EUR", true);
    public static final Product TEE = new Product("tee-", "T-shirt", 1999, "EUR", true);
    public static final Product CAP = new Product("cap-", "Cap", 999, "EUR", true);
    public static final Product BULK = new Product("bulk-", "Sticker", 100, "EUR", true);
    public static final Product USD = new Product("usd-", "Import", 500, "USD", true);
    public static final Product RETIRED = new Product("retired-", "Old poster", 700, "EUR", false);
    public static final Product SLOW = new Product("slow-", "Slow", 100, "EUR", true);
    private static final List<Product> CATALOG = List.of(MUG, TEE, CAP, BULK, USD, RETIRED, SLOW);
}
