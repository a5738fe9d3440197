package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cubeshop.systemtests.Shop.Answer;
import dev.cubeshop.systemtests.Shop.Session;

/**
 * Hostile and malformed input against every public endpoint, through the gateway: broken JSON, wrong types, huge and
 * negative numbers, unknown fields, oversized bodies, forged tokens, injection strings and path traversal, generated as
 * a table of endpoint × mutation (randomness from a fixed seed). Whatever arrives, nothing answers 5xx, every error is
 * a problem document whose {@code status} is the HTTP status, and the bad input changes nothing: the guarded product,
 * the guarded customer's cart and orders are as they were, and the invariants hold afterwards.
 */
@Order(3)
class BadInputIT extends SystemTest {
    private static final long SEED = 20_250_308L;
    private static final int GATEWAY_BODY_LIMIT = 1024 * 1024;
    private static final Set<Integer> UNAUTHORIZED = Set.of(401);
    private static final Set<Integer> REJECTED = Set.of(400, 401, 403, 404, 405, 406, 409, 413, 414, 415, 422, 431);
    private static final Set<Integer> NOT_ROUTED = Set.of(400, 401, 404);

    private static final List<String> INJECTIONS = List.of(
            "' OR '1'='1",
            "'; DROP TABLE product; --",
            "%' OR 1=1 --",
            "1 UNION SELECT customer_id, idempotency_key FROM customer_order --",
            "\"); DELETE FROM cart_line; --",
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(document.cookie)>",
            "javascript:alert(1)",
            "${jndi:ldap://127.0.0.1:1/x}",
            "{{7*7}}#{7*7}",
            "../../../../etc/passwd",
            "\u0000\u0001\u001f",
            "ü€😀\u202e",
            "a".repeat(300));

    /** One generated request and what it may answer. */
    private record Case(String endpoint, String mutation, String method, String path, Session session, String body,
            Map<String, String> headers, Set<Integer> allowed) {
        Case {
            headers = Map.copyOf(headers);
        }
    }

    /** One answer that broke the rules. */
    private record Failure(Case request, Answer answer, String why) {
        @Override
        public String toString() {
            return request.method() + " " + excerpt(request.path(), 160) + " [" + request.endpoint() + " / "
                    + request.mutation() + "]" + (request.body() == null
                            ? ""
                            : " body " + excerpt(request.body(), 120))
                    + " → " + answer.status() + " " + answer.contentType() + " " + excerpt(answer.text(), 200)
                    + ": " + why;
        }
    }

    private final Random random = new Random(SEED);
    private final List<Case> cases = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private final Map<String, Integer> byClass = new TreeMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private int refusedClientSide;
    private int timeoutsRepeated;

    private Session victim;
    private Session bystander;
    private Session keyOwner;
    private String guarded;
    private String other;

    @Test
    void hostileInputIsRejectedWithProblemsAndChangesNothing() throws Exception {
        Run run = run();
        warmUp();
        guarded = run.product(1_234, 7);
        other = run.product(555, 5);
        victim = run.customer();
        bystander = run.customer();
        keyOwner = run.customer();
        assertThat(run.shop.setQuantity(victim, guarded, 3).status()).isEqualTo(200);
        assertThat(run.shop.setQuantity(victim, other, 1).status()).isEqualTo(200);
        // An order of someone else, and an Idempotency-Key already used (an empty cart: the order is REJECTED).
        UUID usedKey = UUID.randomUUID();
        Answer firstUse = run.shop.checkout(keyOwner, usedKey, TOKEN_OK);
        assertThat(firstUse.status()).as(firstUse.toString()).isEqualTo(409);
        String foreignOrder = firstUse.json().path("orderId").asText();

        JsonNode productBefore = adminView(guarded);
        JsonNode cartBefore = cartState(victim);

        catalog();
        productBySku();
        tokenEndpoint();
        admin();
        cart();
        checkout(usedKey);
        orders(foreignOrder);
        forgedTokens();
        traversalAndUnrouted();
        oversized();
        wrongMethodsAndMediaTypes();

        for (Case each : cases) {
            judge(each, sendWithinRateLimits(each));
        }
        List<Answer> raw = rawRequests();
        System.out.printf("[system-tests] BadInputIT: %d requests reached the gateway (%d generated, %d raw), by "
                + "status class %s; %d refused by the client itself and not counted; %d repeated after a gateway "
                + "timeout%n", sent.get(), cases.size(), raw.size(), byClass, refusedClientSide, timeoutsRepeated);
        failures.forEach(f -> System.out.println("[system-tests] BadInputIT failure: " + f));

        assertThat(adminView(guarded)).as("the guarded product after the barrage").isEqualTo(productBefore);
        assertThat(cartState(victim)).as("the guarded cart after the barrage").isEqualTo(cartBefore);
        Answer victimOrders = run.shop.orders(victim);
        assertThat(victimOrders.status()).isEqualTo(200);
        assertThat(victimOrders.json().path("items").size()).as("orders of the customer of the bad checkouts: %s",
                victimOrders).isZero();
        assertThat(run.shop.orders(keyOwner).json().path("items").size()).as("orders of the key owner").isEqualTo(1);

        assertThat(cases.size() + raw.size()).as("generated requests").isGreaterThanOrEqualTo(500);
        assertThat(failures).as("%d of %d requests broke the rules:%n%s", failures.size(), sent.get(),
                String.join("\n", failures.stream().map(Failure::toString).toList())).isEmpty();
    }

    /**
     * A freshly started replica answers its first requests slowly (class loading, JIT, pools); on a loaded machine that
     * can exceed the gateway's route timeout. Each route is called until it answers, so the barrage meets warm services.
     */
    private static void warmUp() {
        Session someone = run().customer();
        List<Function<Integer, Answer>> calls = List.of(
                r -> run().shop.products("size=1"),
                r -> run().shop.cart(someone),
                r -> run().shop.orders(someone),
                r -> run().shop.send("GET", "/api/admin/products/NONE", run().admin, null, Map.of()),
                r -> run().shop.send("PUT", "/api/cart/items/NONE-" + r, someone, "{\"quantity\": 0}", Map.of()),
                r -> run().shop.send("POST", "/api/checkout", someone, "{}", Map.of("Idempotency-Key", "x")));
        for (Function<Integer, Answer> call : calls) {
            // Four in a row below 500 (two gateways × two replicas of the service have then answered).
            int good = 0;
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (int round = 0; good < 4 && System.nanoTime() < end; round++) {
                good = call.apply(round).status() < 500 ? good + 1 : 0;
            }
        }
    }

    // --- the table: endpoint × mutation -------------------------------------------------------------------------------

    private void catalog() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("page", List.of("-1", "abc", "1.5", "1e3", "99999", "100000", "2147483648", "9223372036854775808",
                "", "0x10", "%00", "NaN", " 1", "+1", "١"));
        values.put("size", List.of("0", "-5", "101", "1000000", "abc", "1.5", "2147483648", "", "1e2", "-0",
                "9".repeat(40)));
        values.put("sort", List.of("unknown", "name;drop table product", "price desc", "sku,name", "NAME", "",
                "1", "(select 1)"));
        values.put("direction", List.of("sideways", "ASC", "asc;--", "", "desc desc"));
        values.put("q", new ArrayList<>(INJECTIONS));
        values.get("q").addAll(List.of("x".repeat(101), "%", "_", "\\", "*", "[a-z]", "%25%25"));
        values.forEach((param, list) -> list.forEach(value -> add("GET /api/products", param + "=" + excerpt(value,
                20), "GET", "/api/products?" + param + "=" + encode(value), null, null, Map.of(), null)));
        add("GET /api/products", "deep page", "GET", "/api/products?page=500&size=100", null, null, Map.of(), null);
        add("GET /api/products", "page × size overflow", "GET", "/api/products?page=99999&size=999", null, null,
                Map.of(), null);
        add("GET /api/products", "repeated params", "GET", "/api/products?size=1&size=1000&page=0&page=-1", null,
                null, Map.of(), null);
        add("GET /api/products", "unknown params", "GET", "/api/products?admin=true&internal=1&__proto__=x", null,
                null, Map.of(), null);
        add("GET /api/products", "query without value", "GET", "/api/products?q&page&size&sort", null, null, Map.of(),
                null);
        add("GET /api/products", "ampersands only", "GET", "/api/products?&&&=&=", null, null, Map.of(), null);
    }

    private void productBySku() {
        List<String> skus = new ArrayList<>(List.of("", "-", ".", "..", "a".repeat(65), "a".repeat(2000),
                "ST-NOPE-" + UUID.randomUUID(), guarded + "%00", guarded.toLowerCase(Locale.ROOT), "%2e%2e",
                "%252e%252e", "a%2Fb", "a%5Cb", "%00", "%ff", "%c0%ae%c0%ae", "null", "undefined", "0", "-1"));
        INJECTIONS.forEach(i -> skus.add(encode(i)));
        for (String sku : skus) {
            add("GET /api/products/{sku}", "sku " + excerpt(sku, 30), "GET", "/api/products/" + sku, null, null,
                    Map.of(), null);
        }
        add("GET /api/products/{sku}", "customer token", "GET", "/api/products/" + guarded, victim, null, Map.of(),
                null);
        add("GET /api/products/{sku}", "trailing slash", "GET", "/api/products/" + guarded + "/", null, null,
                Map.of(), null);
        add("GET /api/products/{sku}", "sub-resource", "GET", "/api/products/" + guarded + "/stock", null, null,
                Map.of(), null);
        add("GET /api/products/{sku}", "matrix param", "GET", "/api/products/" + guarded + ";admin=true", null, null,
                Map.of(), null);
    }

    private void tokenEndpoint() {
        String path = "/api/auth/token";
        for (String body : brokenJson()) {
            add(path, "broken JSON", "POST", path, null, body, Map.of(), REJECTED);
        }
        List<String> bodies = new ArrayList<>(List.of(
                "{}", "{\"username\": \"alice\"}", "{\"password\": \"alice\"}",
                "{\"username\": 1, \"password\": 1}", "{\"username\": null, \"password\": null}",
                "{\"username\": [\"admin\"], \"password\": [\"admin\"]}",
                "{\"username\": {\"$ne\": null}, \"password\": {\"$ne\": null}}",
                "{\"username\": true, \"password\": false}",
                "{\"username\": \"admin\", \"password\": \"\"}", "{\"username\": \"admin\", \"password\": \"alice\"}",
                "{\"username\": \"ADMIN\", \"password\": \"ADMIN\"}", "{\"username\": \"\", \"password\": \"\"}",
                "{\"username\": \"ab\", \"password\": \"ab\"}",
                "{\"username\": \"" + "a".repeat(40) + "\", \"password\": \"" + "a".repeat(40) + "\"}",
                "{\"username\": \"admin \", \"password\": \"admin \"}",
                "{\"username\": \"admin\\u0000\", \"password\": \"admin\\u0000\"}",
                "{\"username\": \"x\", \"password\": \"" + "p".repeat(3000) + "\"}",
                "{\"username\": \"x\", \"password\": \"" + "p".repeat(5000) + "\"}"));
        for (String injection : INJECTIONS) {
            bodies.add("{\"username\": " + quote(injection) + ", \"password\": " + quote(injection) + "}");
        }
        for (String body : bodies) {
            add(path, "credentials " + excerpt(body, 40), "POST", path, null, body, Map.of(), REJECTED);
        }
        // Valid credentials with a claim of their own: the identity provider decides the groups, the field is ignored.
        add(path, "credentials asking for admin", "POST", path, null, "{\"username\": \"alice\", \"password\": "
                + "\"alice\", \"groups\": [\"admin\"]}", Map.of(), null);
        add(path, "form encoded", "POST", path, null, "username=admin&password=admin",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), REJECTED);
        add(path, "GET", "GET", path + "?username=admin&password=admin", null, null, Map.of(), REJECTED);
        add(path, "DELETE", "DELETE", path, null, null, Map.of(), REJECTED);
    }

    private void admin() {
        Session admin = run().admin;
        String base = "/api/admin/products";
        String name = "System test product " + guarded;
        // Bodies that must be refused; a body that slips through would create or change nothing anyway (existing sku).
        List<String> create = new ArrayList<>(brokenJson());
        create.addAll(wrongTypes("{\"sku\": " + quote(guarded) + ", \"name\": \"x\", \"price\": {\"amountMinor\": "
                + "%s, \"currency\": \"EUR\"}}"));
        create.addAll(wrongTypes("{\"sku\": \"BAD-" + UUID.randomUUID() + "\", \"name\": \"x\", \"price\": "
                + "{\"amountMinor\": 1, \"currency\": \"EUR\"}, \"onHand\": %s}").stream()
                .filter(body -> !body.contains("\"onHand\": null")).toList());
        create.addAll(List.of(
                "{\"sku\": " + quote(guarded) + ", \"name\": \"x\", \"price\": {\"amountMinor\": 1, \"currency\": "
                        + "\"EUR\"}, \"unknown\": true, \"reserved\": 1000}",
                "{\"sku\": \"\", \"name\": \"x\", \"price\": {\"amountMinor\": 1, \"currency\": \"EUR\"}}",
                "{\"sku\": \"a/b\", \"name\": \"x\", \"price\": {\"amountMinor\": 1, \"currency\": \"EUR\"}}",
                "{\"sku\": \"" + "A".repeat(65) + "\", \"name\": \"x\", \"price\": {\"amountMinor\": 1, "
                        + "\"currency\": \"EUR\"}}",
                "{\"sku\": \"OK-" + random.nextInt(1_000_000) + "\", \"name\": \"" + "n".repeat(201) + "\", "
                        + "\"price\": {\"amountMinor\": 1, \"currency\": \"EUR\"}}",
                "{\"sku\": \"OK-" + random.nextInt(1_000_000) + "\", \"name\": \" \", \"price\": {\"amountMinor\": 1, "
                        + "\"currency\": \"EUR\"}}",
                "{\"sku\": \"OK-" + random.nextInt(1_000_000) + "\", \"name\": \"x\", \"description\": \""
                        + "d".repeat(2001) + "\", \"price\": {\"amountMinor\": 1, \"currency\": \"EUR\"}}",
                "{\"sku\": \"OK-" + random.nextInt(1_000_000) + "\", \"name\": \"x\", \"price\": {\"amountMinor\": "
                        + "1, \"currency\": \"eur\"}}",
                "{\"sku\": \"OK-" + random.nextInt(1_000_000) + "\", \"name\": \"x\", \"price\": {\"amountMinor\": "
                        + "1, \"currency\": \"USD\"}}",
                "{\"sku\": \"OK-" + random.nextInt(1_000_000) + "\", \"name\": \"x\", \"price\": {\"amountMinor\": "
                        + "1, \"currency\": \"EURO\"}}",
                "{\"sku\": \"OK-" + random.nextInt(1_000_000) + "\", \"name\": \"x\", \"price\": 1}",
                "{\"sku\": \"OK-" + random.nextInt(1_000_000) + "\", \"name\": \"x\"}"));
        for (String injection : INJECTIONS) {
            create.add("{\"sku\": " + quote(injection) + ", \"name\": \"x\", \"price\": {\"amountMinor\": 1, "
                    + "\"currency\": \"EUR\"}}");
            create.add("{\"sku\": " + quote(guarded) + ", \"name\": " + quote(injection) + ", \"price\": "
                    + "{\"amountMinor\": 1, \"currency\": " + quote(injection) + "}}");
        }
        create.forEach(body -> add("POST " + base, excerpt(body, 50), "POST", base, admin, body, Map.of(), REJECTED));

        String product = base + "/" + guarded;
        add("GET " + product, "admin", "GET", product + "?x=" + encode(INJECTIONS.get(0)), admin, null, Map.of(),
                null);
        for (String sku : List.of("%2e%2e", "..%2f..%2finternal", "a".repeat(65), encode(INJECTIONS.get(1)),
                "NOPE-" + UUID.randomUUID())) {
            add("GET " + base + "/{sku}", "sku " + excerpt(sku, 30), "GET", base + "/" + sku, admin, null, Map.of(),
                    REJECTED);
            add("PUT " + base + "/{sku}", "sku " + excerpt(sku, 30), "PUT", base + "/" + sku, admin,
                    "{\"name\": \"x\", \"price\": {\"amountMinor\": 1, \"currency\": \"EUR\"}, \"active\": true}",
                    Map.of(), REJECTED);
        }
        List<String> update = new ArrayList<>(brokenJson());
        // 2147483648 is a valid long but above payment's largest charge (10,000,000 minor units): refused too.
        update.addAll(wrongTypes("{\"name\": " + quote(name) + ", \"price\": {\"amountMinor\": %s, \"currency\": "
                + "\"EUR\"}, \"active\": true}"));
        update.add("{\"name\": " + quote(name) + ", \"price\": {\"amountMinor\": 10000001, \"currency\": \"EUR\"}, "
                + "\"active\": true}");
        // Jackson may read "true" or 1 as true: then the product is rewritten with its own values, which is fine.
        wrongTypesNotBoolean("{\"name\": " + quote(name) + ", \"price\": {\"amountMinor\": 1234, \"currency\": "
                + "\"EUR\"}, \"active\": %s}").forEach(
                        body -> add("PUT " + base + "/{sku}", excerpt(body, 50), "PUT",
                                product, admin, body, Map.of(), null));
        update.add("{\"name\": \"\", \"price\": {\"amountMinor\": 1234, \"currency\": \"EUR\"}, \"active\": true}");
        update.add("{\"name\": " + quote(name) + ", \"price\": {\"amountMinor\": 1234, \"currency\": \"USD\"}, "
                + "\"active\": true}");
        update.add("{\"name\": " + quote(name) + ", \"active\": true}");
        update.add("{\"name\": " + quote(name) + ", \"price\": {\"amountMinor\": 12.34, \"currency\": \"EUR\"}, "
                + "\"active\": true}");
        update.add("{\"name\": " + quote("x".repeat(201)) + ", \"price\": {\"amountMinor\": 1234, \"currency\": "
                + "\"EUR\"}, \"active\": true}");
        update.forEach(body -> add("PUT " + base + "/{sku}", excerpt(body, 50), "PUT", product, admin, body, Map.of(),
                REJECTED));
        // Unknown fields beside the product's own values: refused, or accepted without a change.
        add("PUT " + base + "/{sku}", "unknown fields, same values", "PUT", product, admin, "{\"name\": " + quote(name)
                + ", \"price\": {\"amountMinor\": 1234, \"currency\": \"EUR\", \"x\": 1}, \"active\": true, "
                + "\"onHand\": 0, \"reserved\": 99, \"sku\": \"OTHER\"}", Map.of(), null);

        List<String> stock = new ArrayList<>(brokenJson());
        stock.addAll(wrongTypes("{\"onHand\": %s}"));
        stock.add("{\"onHand\": 1000000001}");
        stock.add("{}");
        stock.forEach(body -> add("PUT " + base + "/{sku}/stock", excerpt(body, 50), "PUT", product + "/stock", admin,
                body, Map.of(), REJECTED));
        add("PUT " + base + "/{sku}/stock", "unknown fields, same value", "PUT", product + "/stock", admin,
                "{\"onHand\": 7, \"reserved\": -100, \"sku\": \"OTHER\"}", Map.of(), null);
        add("PUT " + base + "/{sku}/stock", "unknown sku", "PUT", base + "/NOPE-" + UUID.randomUUID() + "/stock",
                admin, "{\"onHand\": 1}", Map.of(), REJECTED);

        List<String> adjust = new ArrayList<>(brokenJson());
        // A delta of -1 is a real adjustment (one damaged unit), not bad input.
        adjust.addAll(wrongTypes("{\"delta\": %s}").stream().filter(body -> !body.equals("{\"delta\": -1}")).toList());
        adjust.addAll(List.of("{\"delta\": -8}", "{\"delta\": -1000000000}", "{\"delta\": 1000000000}",
                "{\"delta\": 999999999}", "{\"delta\": -1000000001}", "{}"));
        adjust.forEach(body -> add("POST " + base + "/{sku}/stock/adjustments", excerpt(body, 50), "POST",
                product + "/stock/adjustments", admin, body, Map.of(), REJECTED));
        add("POST " + base + "/{sku}/stock/adjustments", "unknown fields, no change", "POST",
                product + "/stock/adjustments", admin, "{\"delta\": 0, \"onHand\": 0, \"reserved\": 7}", Map.of(),
                null);

        // A customer is no administrator; no token is nobody.
        add("POST " + base, "customer token", "POST", base, victim, "{\"sku\": \"X-1\", \"name\": \"x\", \"price\": "
                + "{\"amountMinor\": 1, \"currency\": \"EUR\"}}", Map.of(), Set.of(403));
        add("PUT " + base + "/{sku}/stock", "customer token", "PUT", product + "/stock", victim, "{\"onHand\": 0}",
                Map.of(), Set.of(403));
        add("POST " + base + "/{sku}/stock/adjustments", "no token", "POST", product + "/stock/adjustments", null,
                "{\"delta\": -7}", Map.of(), UNAUTHORIZED);
        add("GET " + base, "list with customer token", "GET", base, victim, null, Map.of(), Set.of(403));
    }

    private void cart() {
        String item = "/api/cart/items/" + guarded;
        List<String> bodies = new ArrayList<>(brokenJson());
        bodies.addAll(wrongTypes("{\"quantity\": %s}"));
        bodies.addAll(List.of("{\"quantity\": 100}", "{\"quantity\": 99999}", "{}", "{\"qty\": 3}",
                "{\"quantity\": 0, \"quantity\": 100}", "{\"quantity\": \"3\"}", "{\"quantity\": 3.0}"));
        bodies.forEach(body -> add("PUT /api/cart/items/{sku}", excerpt(body, 50), "PUT", item, victim, body,
                Map.of(), REJECTED));
        add("PUT /api/cart/items/{sku}", "unknown fields, same quantity", "PUT", item, victim,
                "{\"quantity\": 3, \"customerId\": " + quote(bystander.user()) + ", \"unitPrice\": {\"amountMinor\": "
                        + "1, \"currency\": \"EUR\"}}",
                Map.of(), null);
        List<String> skus = new ArrayList<>(List.of("-", ".", "a".repeat(65), "%20", "a%20b", "%00", "%2e%2e",
                "..%2f..%2finternal%2fcarts", "ü", "%ff", "NOPE-" + UUID.randomUUID(), "a;b", "a,b"));
        INJECTIONS.forEach(i -> skus.add(encode(i)));
        for (String sku : skus) {
            add("PUT /api/cart/items/{sku}", "sku " + excerpt(sku, 30), "PUT", "/api/cart/items/" + sku, victim,
                    "{\"quantity\": 1}", Map.of(), REJECTED);
            add("DELETE /api/cart/items/{sku}", "sku " + excerpt(sku, 30), "DELETE", "/api/cart/items/" + sku, victim,
                    null, Map.of(), sku.startsWith("NOPE-") || sku.equals("a;b") ? Set.of(200) : REJECTED);
        }
        add("PUT /api/cart/items/{sku}", "no sku", "PUT", "/api/cart/items/", victim, "{\"quantity\": 1}", Map.of(),
                REJECTED);
        add("DELETE /api/cart/items/{sku}", "no sku", "DELETE", "/api/cart/items", victim, null, Map.of(), REJECTED);
        add("DELETE /api/cart", "whole cart", "DELETE", "/api/cart", victim, null, Map.of(), REJECTED);
        add("GET /api/cart", "query garbage", "GET", "/api/cart?customerId=" + bystander.user() + "&x="
                + encode(INJECTIONS.get(0)), victim, null, Map.of(), null);
        add("GET /api/cart", "another customer's path", "GET", "/api/cart/" + bystander.user(), victim, null,
                Map.of(), REJECTED);
        add("PUT /api/cart/items/{sku}", "admin token (not a customer)", "PUT", item, run().admin,
                "{\"quantity\": 1}", Map.of(), Set.of(403));
        add("PUT /api/cart/items/{sku}", "no token", "PUT", item, null, "{\"quantity\": 1}", Map.of(), UNAUTHORIZED);
        add("DELETE /api/cart/items/{sku}", "no token", "DELETE", item, null, null, Map.of(), UNAUTHORIZED);
        add("GET /api/cart", "no token", "GET", "/api/cart", null, null, Map.of(), UNAUTHORIZED);
    }

    private void checkout(UUID usedKey) {
        String path = "/api/checkout";
        String ok = "{\"paymentToken\": \"tok_visa\"}";
        // Every checkout of the victim is refused before an order exists: a broken key, or a body that is not valid.
        List<String> keys = new ArrayList<>(List.of("", " ", "abc", "123", "1-2-3-4-5", "00000000-0000-0000-0000",
                UUID.randomUUID() + "0", UUID.randomUUID().toString().replace("-", ""),
                "{" + UUID.randomUUID() + "}", "g" + UUID.randomUUID().toString().substring(1),
                UUID.randomUUID() + "," + UUID.randomUUID(), "x".repeat(4000)));
        INJECTIONS.stream().filter(i -> i.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).forEach(keys::add);
        for (String key : keys) {
            add("POST " + path, "key " + excerpt(key, 30), "POST", path, victim, ok, Map.of("Idempotency-Key", key),
                    Set.of(400));
        }
        add("POST " + path, "no key", "POST", path, victim, ok, Map.of(), Set.of(400));
        List<String> bodies = new ArrayList<>(brokenJson());
        bodies.addAll(wrongTypesNotString("{\"paymentToken\": %s}"));
        bodies.addAll(List.of("{}", "{\"paymentToken\": \"\"}", "{\"paymentToken\": \"tok_\"}",
                "{\"paymentToken\": \"visa\"}", "{\"paymentToken\": \"tok_" + "a".repeat(65) + "\"}",
                "{\"paymentToken\": \"tok_visa \"}", "{\"paymentToken\": \"tok_visa\\n\"}",
                "{\"paymentToken\": \"4242424242424242\"}",
                "{\"paymentToken\": \"visa\", \"orderId\": \"" + UUID.randomUUID() + "\", \"total\": 0}",
                "{\"token\": \"tok_visa\"}", "[{\"paymentToken\": \"tok_visa\"}]"));
        INJECTIONS.forEach(i -> bodies.add("{\"paymentToken\": " + quote("tok_" + i) + "}"));
        for (String body : bodies) {
            add("POST " + path, excerpt(body, 50), "POST", path, victim, body,
                    Map.of("Idempotency-Key", UUID.randomUUID().toString()), REJECTED);
        }
        // The same key with another body is refused, whoever's cart is behind it.
        for (String token : List.of("tok_declined", "tok_slow", "tok_error", "tok_insufficient_funds")) {
            add("POST " + path, "used key, other body " + token, "POST", path, keyOwner,
                    "{\"paymentToken\": \"" + token + "\"}", Map.of("Idempotency-Key", usedKey.toString()),
                    Set.of(422));
        }
        add("POST " + path, "no token", "POST", path, null, ok, Map.of("Idempotency-Key", UUID.randomUUID()
                .toString()), UNAUTHORIZED);
        add("POST " + path, "admin token (not a customer)", "POST", path, run().admin, ok,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()), Set.of(403));
    }

    private void orders(String foreignOrder) {
        List<String> ids = new ArrayList<>(List.of(foreignOrder, foreignOrder.toUpperCase(Locale.ROOT),
                UUID.randomUUID().toString(), "abc", "1", "-1", "00000000-0000-0000-0000-000000000000",
                foreignOrder.replace("-", ""), foreignOrder + "0", "%2e%2e", "..%2f" + foreignOrder, "a".repeat(5000),
                "1-2-3-4-5"));
        INJECTIONS.forEach(i -> ids.add(encode(i)));
        for (String id : ids) {
            add("GET /api/orders/{id}", "id " + excerpt(id, 30), "GET", "/api/orders/" + id, victim, null, Map.of(),
                    REJECTED);
        }
        List<String> queries = List.of("page=-1", "page=abc", "page=2147483647", "page=2147483648",
                "page=2147483647&size=100", "page=21474836&size=100", "page=1000000&size=100", "size=0", "size=101",
                "size=-1", "size=abc", "size=1.5", "size=2147483648", "page=1e3", "page=" + encode(INJECTIONS.get(0)),
                "customerId=" + bystander.user(), "page=99999999999999999999");
        // Every one of these is a page that cannot exist (a validation problem); another customer's id is ignored.
        for (String query : queries) {
            add("GET /api/orders", query, "GET", "/api/orders?" + query, victim, null, Map.of(),
                    query.startsWith("customerId=") ? null : Set.of(400));
        }
        add("GET /api/orders", "no token", "GET", "/api/orders", null, null, Map.of(), UNAUTHORIZED);
        add("GET /api/orders/{id}", "no token", "GET", "/api/orders/" + foreignOrder, null, null, Map.of(),
                UNAUTHORIZED);
    }

    private void forgedTokens() throws GeneralSecurityException {
        long now = Instant.now().getEpochSecond();
        KeyPair foreign = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String rs256 = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        Function<String, String> claims = extra -> "{\"iss\":\"cubeshop-demo\",\"aud\":\"cubeshop\",\"sub\":"
                + quote(victim.user()) + ",\"upn\":" + quote(victim.user()) + ",\"groups\":[\"customer\",\"admin\"],"
                + "\"iat\":" + now + ",\"exp\":" + (now + 600) + extra + "}";
        String valid = victim.token();
        String[] parts = valid.split("\\.");
        String realClaims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);

        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("foreign key", signRs(foreign, rs256, claims.apply("")));
        tokens.put("foreign key, expired", signRs(foreign, rs256, claims.apply("").replace("\"exp\":" + (now + 600),
                "\"exp\":" + (now - 3600))));
        tokens.put("foreign key, wrong issuer", signRs(foreign, rs256, claims.apply("").replace("cubeshop-demo",
                "https://evil.example")));
        tokens.put("foreign key, wrong audience", signRs(foreign, rs256, claims.apply("").replace("\"aud\":"
                + "\"cubeshop\"", "\"aud\":\"someone-else\"")));
        tokens.put("foreign key, jku header", signRs(foreign, "{\"alg\":\"RS256\",\"jku\":\"http://127.0.0.1:1/jwks\","
                + "\"kid\":\"../../../../dev/null\"}", claims.apply("")));
        tokens.put("alg none", b64(("{\"alg\":\"none\"}")) + "." + b64(claims.apply("")) + ".");
        tokens.put("alg None", b64(("{\"alg\":\"None\"}")) + "." + b64(claims.apply("")) + ".");
        tokens.put("alg none, real signature", b64("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2]);
        tokens.put("alg HS256", signHs("secret", claims.apply("")));
        tokens.put("alg HS256, empty secret", signHs("", claims.apply("")));
        tokens.put("real token, groups forged", parts[0] + "." + b64(realClaims.replace("\"customer\"",
                "\"admin\"")) + "." + parts[2]);
        tokens.put("real token, subject forged", parts[0] + "." + b64(realClaims.replace(quote(victim.user()),
                quote(bystander.user()))) + "." + parts[2]);
        tokens.put("real token, expired", parts[0] + "." + b64(realClaims.replaceAll("\"exp\":\\d+", "\"exp\":"
                + (now - 3600))) + "." + parts[2]);
        tokens.put("real token, issuer forged", parts[0] + "." + b64(realClaims.replace("cubeshop-demo", "evil"))
                + "." + parts[2]);
        tokens.put("real token, audience forged", parts[0] + "." + b64(realClaims.replace("\"cubeshop\"",
                "\"other\"")) + "." + parts[2]);
        tokens.put("real token, no signature", parts[0] + "." + parts[1] + ".");
        tokens.put("real token, signature of another", parts[0] + "." + parts[1] + "." + bystander.token()
                .split("\\.")[2]);
        tokens.put("real token, truncated", valid.substring(0, valid.length() - 10));
        tokens.put("real token, flipped bit", valid.substring(0, valid.length() - 2)
                + (valid.charAt(valid.length() - 2) == 'A' ? 'B' : 'A') + valid.charAt(valid.length() - 1));
        tokens.put("real token twice", valid + "." + valid);
        tokens.put("two parts", parts[0] + "." + parts[1]);
        tokens.put("four parts", valid + ".x");
        tokens.put("empty", "");
        tokens.put("dots", "...");
        tokens.put("garbage", "garbage");
        tokens.put("not base64", "!!!.@@@.###");
        tokens.put("json", "{\"sub\":\"admin\"}");
        tokens.put("header not json", b64("RS256") + "." + parts[1] + "." + parts[2]);
        tokens.put("header array", b64("[]") + "." + parts[1] + "." + parts[2]);
        tokens.put("claims array", parts[0] + "." + b64("[1,2]") + "." + parts[2]);
        tokens.put("huge", "a".repeat(8000) + "." + "b".repeat(4000) + "." + "c".repeat(2000));
        for (int i = 0; i < 4; i++) {
            byte[] noise = new byte[24 + random.nextInt(200)];
            random.nextBytes(noise);
            tokens.put("random " + i, Base64.getUrlEncoder().withoutPadding().encodeToString(noise) + "."
                    + Base64.getUrlEncoder().encodeToString(noise) + "." + Base64.getEncoder().encodeToString(noise));
        }

        Map<String, String[]> targets = new LinkedHashMap<>();
        targets.put("GET /api/cart", new String[]{"GET", "/api/cart", null});
        targets.put("PUT /api/cart/items/{sku}", new String[]{"PUT", "/api/cart/items/" + guarded,
                "{\"quantity\": 99}"});
        targets.put("DELETE /api/cart/items/{sku}", new String[]{"DELETE", "/api/cart/items/" + guarded, null});
        targets.put("POST /api/checkout", new String[]{"POST", "/api/checkout", "{\"paymentToken\": \"tok_visa\"}"});
        targets.put("GET /api/orders", new String[]{"GET", "/api/orders", null});
        targets.put("PUT /api/admin/products/{sku}/stock", new String[]{"PUT", "/api/admin/products/" + guarded
                + "/stock", "{\"onHand\": 0}"});
        targets.put("GET /api/products", new String[]{"GET", "/api/products", null});
        int round = 0;
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            // Every forged token against two endpoints (in turn), the most dangerous ones against all.
            List<Map.Entry<String, String[]>> list = new ArrayList<>(targets.entrySet());
            boolean all = token.getKey().startsWith("alg") || token.getKey().startsWith("real token, groups")
                    || token.getKey().startsWith("foreign key");
            for (int i = 0; i < list.size(); i++) {
                if (all || i == round % list.size() || i == (round + 3) % list.size()) {
                    String[] target = list.get(i).getValue();
                    add(list.get(i).getKey(), "token: " + token.getKey(), target[0], target[1], null, target[2],
                            Map.of("Authorization", "Bearer " + token.getValue(), "Idempotency-Key",
                                    UUID.randomUUID().toString()),
                            UNAUTHORIZED);
                }
            }
            round++;
        }
        for (String scheme : List.of("Basic YWRtaW46YWRtaW4=", "Token " + valid, "Bearer", "Bearer ", "bearer",
                valid, "Bearer  " + valid + " x", "Digest username=\"admin\"")) {
            add("GET /api/cart", "authorization " + excerpt(scheme, 20), "GET", "/api/cart", null, null,
                    Map.of("Authorization", scheme), UNAUTHORIZED);
            add("POST /api/checkout", "authorization " + excerpt(scheme, 20), "POST", "/api/checkout", null,
                    "{\"paymentToken\": \"tok_visa\"}", Map.of("Authorization", scheme, "Idempotency-Key",
                            UUID.randomUUID().toString()),
                    UNAUTHORIZED);
        }
    }

    private void traversalAndUnrouted() {
        String user = bystander.user();
        List<String> paths = List.of(
                "/internal/carts/" + user, "/internal/reservations", "/internal/payments", "/internal",
                "/internal/", "/INTERNAL/carts/" + user, "/Internal/carts/" + user,
                "//internal/carts/" + user, "/./internal/carts/" + user, "/api/../internal/carts/" + user,
                "/api/products/../../internal/carts/" + user, "/api/products/..%2f..%2finternal%2fcarts%2f" + user,
                "/api/products/%2e%2e/%2e%2e/internal/carts/" + user, "/api/products/%2E%2E/%2E%2E/internal/payments",
                "/api/cart/items/..%2F..%2F..%2Finternal%2Fcarts%2F" + user,
                "/api/cart/../../internal/carts/" + user, "/api/orders/%2e%2e/%2e%2e/internal/payments",
                "/api/products/%252e%252e/%252e%252e/internal/carts/" + user,
                "/api/products/..;/..;/internal/carts/" + user, "/api/products/%2e%2e%5c%2e%2e%5cinternal",
                "/api/products/..%5c..%5cinternal%5ccarts", "/%69nternal/carts/" + user,
                "/api/%2e%2e/internal/reservations", "/api/admin/products/../../../internal/reservations",
                "/internal%2fcarts%2f" + user, "/api/products%2f..%2f..%2finternal",
                "/api/products/%c0%ae%c0%ae/%c0%ae%c0%ae/internal", "/api/products/./../../internal/payments",
                "/api/admin/products/%2e%2e/%2e%2e/%2e%2e/internal/reservations",
                "/internal/reservations/" + UUID.randomUUID() + "/commit",
                "/api/products/../../../../../../etc/passwd", "/q/../internal/carts/" + user);
        for (String path : paths) {
            add("traversal", path, "GET", path, null, null, Map.of(), NOT_ROUTED);
        }
        add("traversal", "POST /internal/payments", "POST", "/internal/payments", null,
                "{\"orderId\": \"" + UUID.randomUUID() + "\", \"amount\": {\"amountMinor\": 1, \"currency\": \"EUR\"},"
                        + " \"paymentToken\": \"tok_visa\"}",
                Map.of(), NOT_ROUTED);
        add("traversal", "POST /internal/reservations via ..", "POST", "/api/checkout/../../internal/reservations",
                victim, "{\"orderId\": \"" + UUID.randomUUID() + "\", \"lines\": [{\"sku\": " + quote(guarded)
                        + ", \"quantity\": 7}]}",
                Map.of(), NOT_ROUTED);
        add("traversal", "POST release via ..", "POST", "/api/cart/../../internal/reservations/" + UUID.randomUUID()
                + "/release", victim, null, Map.of(), NOT_ROUTED);
        add("traversal", "admin through catalog ..", "PUT", "/api/products/../admin/products/" + guarded + "/stock",
                victim, "{\"onHand\": 0}", Map.of(), Set.of(403));
        for (String path : List.of("/", "/api", "/api/", "/api/unknown", "/api/productsX", "/api/admin",
                "/api/admin/users", "/api/auth", "/api/auth/token/x", "/api/carts", "/api/order", "/favicon.ico",
                "/.env", "/.git/config", "/WEB-INF/web.xml", "/api/checkout/x/y", "/%00", "/api/%00")) {
            add("unrouted", path, "GET", path, null, null, Map.of(), null);
        }
    }

    private void oversized() {
        // Moderately large bodies reach the services (under the gateway's limit); above it the gateway refuses.
        for (int size : List.of(64 * 1024, 512 * 1024, GATEWAY_BODY_LIMIT - 1024)) {
            String filler = "x".repeat(size);
            add("POST /api/admin/products", "name of " + size + " bytes", "POST", "/api/admin/products", run().admin,
                    "{\"sku\": \"BIG-1\", \"name\": \"" + filler + "\", \"price\": {\"amountMinor\": 1, "
                            + "\"currency\": \"EUR\"}}",
                    Map.of(), REJECTED);
            add("PUT /api/cart/items/{sku}", "body of " + size + " bytes", "PUT", "/api/cart/items/" + guarded, victim,
                    "{\"quantity\": 3, \"pad\": \"" + filler + "\", \"quantity\": 0}", Map.of(), REJECTED);
            add("POST /api/checkout", "token of " + size + " bytes", "POST", "/api/checkout", victim,
                    "{\"paymentToken\": \"tok_" + filler + "\"}", Map.of("Idempotency-Key", UUID.randomUUID()
                            .toString()),
                    REJECTED);
        }
        add("PUT /api/cart/items/{sku}", "number of 100000 digits", "PUT", "/api/cart/items/" + guarded, victim,
                "{\"quantity\": " + "9".repeat(100_000) + "}", Map.of(), REJECTED);
        add("PUT /api/admin/products/{sku}/stock", "array of 100000 elements", "PUT", "/api/admin/products/" + guarded
                + "/stock", run().admin, "{\"onHand\": [" + "1,".repeat(100_000) + "1]}", Map.of(), REJECTED);
        add("POST /api/auth/token", "body over its 4 KiB", "POST", "/api/auth/token", null, "{\"username\": \""
                + "u".repeat(10_000) + "\", \"password\": \"p\"}", Map.of(), REJECTED);
        String over = "y".repeat(GATEWAY_BODY_LIMIT + 100_000);
        add("POST /api/admin/products", "over the gateway limit", "POST", "/api/admin/products", run().admin,
                "{\"sku\": \"BIG-2\", \"name\": \"" + over + "\"}", Map.of(), Set.of(413));
        add("PUT /api/cart/items/{sku}", "over the gateway limit", "PUT", "/api/cart/items/" + guarded, victim,
                "{\"quantity\": 1, \"pad\": \"" + over + "\"}", Map.of(), Set.of(413));
        add("POST /api/checkout", "over the gateway limit", "POST", "/api/checkout", victim,
                "{\"paymentToken\": \"tok_visa\", \"pad\": \"" + over + "\"}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()), Set.of(413));
    }

    private void wrongMethodsAndMediaTypes() {
        String item = "/api/cart/items/" + guarded;
        for (String method : List.of("PATCH", "POST", "FOO", "PROPFIND")) {
            add("method", method + " /api/cart/items/{sku}", method, item, victim, "{\"quantity\": 1}", Map.of(),
                    REJECTED);
            add("method", method + " /api/orders", method, "/api/orders", victim, "{}", Map.of(), REJECTED);
        }
        add("method", "DELETE /api/orders/{id}", "DELETE", "/api/orders/" + UUID.randomUUID(), victim, null, Map.of(),
                REJECTED);
        add("method", "PUT /api/checkout", "PUT", "/api/checkout", victim, "{\"paymentToken\": \"tok_visa\"}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()), REJECTED);
        add("method", "GET /api/checkout", "GET", "/api/checkout", victim, null, Map.of(), REJECTED);
        add("method", "DELETE /api/products/{sku}", "DELETE", "/api/products/" + guarded, victim, null, Map.of(),
                REJECTED);
        add("method", "POST /api/products anonymous", "POST", "/api/products", null, "{}", Map.of(), UNAUTHORIZED);
        add("method", "DELETE /api/admin/products/{sku}", "DELETE", "/api/admin/products/" + guarded, run().admin,
                null, Map.of(), REJECTED);
        add("method", "PATCH /api/admin/products/{sku}/stock", "PATCH", "/api/admin/products/" + guarded + "/stock",
                run().admin, "{\"onHand\": 0}", Map.of(), REJECTED);
        add("method", "OPTIONS /api/products", "OPTIONS", "/api/products", null, null, Map.of(), null);
        add("method", "OPTIONS pre-flight from a foreign origin", "OPTIONS", "/api/cart", null, null,
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "PUT"), Set.of(403));

        Map<String, String> types = new LinkedHashMap<>();
        types.put("text/plain", "{\"quantity\": 3}");
        types.put("application/xml", "<quantity>1</quantity>");
        types.put("application/x-www-form-urlencoded", "quantity=1");
        types.put("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"quantity\""
                + "\r\n\r\n1\r\n--x--\r\n");
        types.put("application/json; charset=utf-16", "{\"quantity\": 3}");
        types.put("application/json; charset=nonsense", "{\"quantity\": 3}");
        types.put("application/octet-stream", "\u0001\u0002\u0003");
        types.put("garbage", "{\"quantity\": 3}");
        types.put("", "{\"quantity\": 3}");
        // JSON under a missing or odd charset may be read as JSON; the cart's own quantity makes that harmless.
        Set<String> tolerated = Set.of("application/json; charset=utf-16", "application/json; charset=nonsense", "");
        types.forEach((type, body) -> {
            add("PUT /api/cart/items/{sku}", "Content-Type " + type, "PUT", item, victim, body,
                    Map.of("Content-Type", type), tolerated.contains(type) ? null : REJECTED);
            add("POST /api/checkout", "Content-Type " + type, "POST", "/api/checkout", victim,
                    body.replace("quantity", "paymentToken").replace("3", "\"visa\""),
                    Map.of("Content-Type", type), REJECTED);
        });
        for (String accept : List.of("application/xml", "text/html", "image/png", "*/*;q=x", "garbage")) {
            add("GET /api/cart", "Accept " + accept, "GET", "/api/cart", victim, null, Map.of("Accept", accept), null);
            add("GET /api/products", "Accept " + accept, "GET", "/api/products/" + guarded, null, null,
                    Map.of("Accept", accept), null);
            add("PUT /api/cart/items/{sku}", "Accept " + accept + " with a bad body", "PUT", item, victim, "{",
                    Map.of("Accept", accept), REJECTED);
        }
        for (String id : List.of("x".repeat(200), INJECTIONS.get(5), INJECTIONS.get(0), "a\tb")) {
            add("GET /api/cart", "X-Request-Id " + excerpt(id, 20), "GET", "/api/cart", victim, null,
                    Map.of("X-Request-Id", id), null);
        }
        add("GET /api/products", "X-Forwarded-For spoof", "GET", "/api/products", null, null,
                Map.of("X-Forwarded-For", "' OR 1=1 --, 10.0.0.1", "X-Forwarded-Host", "evil.example"), null);
        add("GET /api/cart", "traceparent garbage", "GET", "/api/cart", victim, null,
                Map.of("traceparent", "zz-" + "f".repeat(60), "tracestate", INJECTIONS.get(5)), null);
    }

    /** Broken JSON, the same list for every endpoint with a body. */
    private List<String> brokenJson() {
        List<String> list = new ArrayList<>(List.of("", " ", "{", "}", "{\"", "{\"quantity\": }", "{\"quantity\" 1}",
                "{'quantity': 1}", "{quantity: 1}", "{\"quantity\": 1,}", "{\"quantity\": 3}}", "[]", "[{}]", "null",
                "true", "0", "\"x\"", "{\"a\": tru}", "{\"a\": NaN}", "{\"a\": Infinity}", "/* c */ {}",
                "\uFEFF{}", "{\"a\": \"\\u00\"}", "{\"a\": \"\\x41\"}", "{\"a\": 01}", "{\"a\": .5}",
                "{\"a\": 1} {\"a\": 2}", "\u0000", "{\"a\":\"" + "\\".repeat(3) + "\"}",
                "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)));
        byte[] noise = new byte[64];
        random.nextBytes(noise);
        list.add(new String(noise, StandardCharsets.ISO_8859_1));
        return list;
    }

    /** A template with one {@code %s} for a number field, filled with wrong types and out-of-range numbers. */
    private static List<String> wrongTypes(String template) {
        return List.of("\"5\"", "5.5", "1e2", "-1", "-2147483649", "2147483648", "9223372036854775808",
                "-9223372036854775809", "1e309", "99999999999999999999999999", "true", "null", "[]", "{}",
                "\"\"", "\"0x10\"").stream().map(v -> template.formatted(v)).toList();
    }

    private static List<String> wrongTypesNotBoolean(String template) {
        return List.of("\"true\"", "1", "null", "[]", "{}", "\"yes\"").stream().map(v -> template.formatted(v))
                .toList();
    }

    private static List<String> wrongTypesNotString(String template) {
        return List.of("1", "true", "null", "[]", "{}", "[\"tok_visa\"]", "{\"id\": \"tok_visa\"}").stream()
                .map(v -> template.formatted(v)).toList();
    }

    private void add(String endpoint, String mutation, String method, String path, Session session, String body,
            Map<String, String> headers, Set<Integer> allowed) {
        cases.add(new Case(endpoint, mutation, method, path, session, body, headers, allowed));
    }

    // --- sending and judging ------------------------------------------------------------------------------------------

    /** Sends a case; a 429 (itself judged) is waited out and the request repeated, so the input reaches its service. */
    private Answer sendWithinRateLimits(Case each) {
        for (int attempt = 0;; attempt++) {
            Answer answer;
            try {
                answer = run().shop.send(each.method(), each.path(), each.session(), each.body(), each.headers());
            } catch (IllegalArgumentException e) {
                // The JDK client refuses this request before sending it (a header or URI it will not write).
                refusedClientSide++;
                return null;
            }
            if (answer.status() != 0) {
                count(answer.status());
            }
            if (answer.status() == 504 && answer.isProblem() && answer.problemKind().equals("upstream-timeout")
                    && attempt == 0) {
                // The gateway's route timeout on an overloaded machine is no verdict on the input: once more.
                timeoutsRepeated++;
                continue;
            }
            if (answer.status() != 429 || attempt == 5) {
                return answer;
            }
            judge(each, answer);
            sleep(Duration.ofMillis(200 + 1000L * Math.max(0, answer.json().path("retryAfter").asLong(1))));
        }
    }

    private void count(int status) {
        sent.incrementAndGet();
        byClass.merge(status == 0 ? "no answer" : status / 100 + "xx", 1, Integer::sum);
    }

    private void judge(Case each, Answer answer) {
        if (answer == null) {
            return;
        }
        if (answer.status() == 0) {
            failures.add(new Failure(each, answer, "no HTTP answer"));
            return;
        }
        if (answer.status() >= 500) {
            failures.add(new Failure(each, answer, "server error"));
        }
        if (answer.status() >= 400) {
            problemRules(answer, each.method()).ifPresent(why -> failures.add(new Failure(each, answer, why)));
        }
        if (each.allowed() != null && !each.allowed().contains(answer.status()) && answer.status() != 429) {
            failures.add(new Failure(each, answer, "expected one of " + each.allowed()));
        }
    }

    private static java.util.Optional<String> problemRules(Answer answer, String method) {
        String type = answer.contentType() == null ? "" : answer.contentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/problem+json")) {
            return java.util.Optional.of("an error that is not application/problem+json");
        }
        if (method.equals("HEAD")) {
            return java.util.Optional.empty();
        }
        JsonNode problem = answer.json();
        if (problem.path("status").asInt() != answer.status()) {
            return java.util.Optional.of("the problem's status member is not the HTTP status");
        }
        if (!problem.path("title").isTextual() || problem.path("title").asText().isBlank()) {
            return java.util.Optional.of("the problem has no title");
        }
        return java.util.Optional.empty();
    }

    // --- raw HTTP: what the JDK client will not send ------------------------------------------------------------------

    /** A raw request's bytes and what it may answer ({@code allowClose}: the server may just hang up on it). */
    private record RawCase(String name, byte[] bytes, Set<Integer> allowed, boolean allowClose) {}

    private List<Answer> rawRequests() throws IOException {
        String host = "Host: 127.0.0.1\r\n";
        String token = "Authorization: Bearer " + victim.token() + "\r\n";
        List<RawCase> raw = new ArrayList<>();
        raw.add(rawCase("bad request line", "GARBAGE\r\n\r\n", null, true));
        raw.add(rawCase("request line with spaces", "GET /api/products extra words HTTP/1.1\r\n" + host + "\r\n",
                null, true));
        raw.add(rawCase("unknown version", "GET /api/products HTTP/9.9\r\n" + host + "\r\n", null, true));
        raw.add(rawCase("no version", "GET /api/products\r\n\r\n", null, true));
        raw.add(rawCase("binary request line", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\r\n\r\n", null, true));
        raw.add(rawCase("header without a colon", "GET /api/products HTTP/1.1\r\n" + host + "NoColonHere\r\n\r\n",
                null, true));
        raw.add(rawCase("header name with a space", "GET /api/products HTTP/1.1\r\n" + host + "Bad Name: x\r\n\r\n",
                null, true));
        raw.add(rawCase("one header over 16K", "GET /api/products HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(20_000)
                + "\r\n\r\n", Set.of(400, 413, 431), true));
        StringBuilder many = new StringBuilder("GET /api/cart HTTP/1.1\r\n" + host + token);
        for (int i = 0; i < 400; i++) {
            many.append("X-H-").append(i).append(": ").append("v".repeat(60)).append("\r\n");
        }
        raw.add(rawCase("400 headers, over 16K together", many + "\r\n", Set.of(400, 413, 431), true));
        raw.add(rawCase("request line over 4096", "GET /api/products?q=" + "a".repeat(5_000) + " HTTP/1.1\r\n" + host
                + "\r\n", Set.of(400, 414), true));
        raw.add(rawCase("backslash traversal", "GET /api/products/..\\..\\internal\\carts\\x HTTP/1.1\r\n" + host
                + "\r\n", Set.of(400, 404), true));
        raw.add(rawCase("raw dot segments to /internal", "GET /api/products/../../internal/carts/" + bystander.user()
                + " HTTP/1.1\r\n" + host + "\r\n", NOT_ROUTED, true));
        raw.add(rawCase("bad percent encoding", "GET /api/products/%zz%G1% HTTP/1.1\r\n" + host + "\r\n",
                Set.of(400, 404), true));
        raw.add(rawCase("raw unicode in the path", "GET /api/products/\u00fc\u00e9 HTTP/1.1\r\n" + host + "\r\n",
                Set.of(400, 404), true));
        raw.add(rawCase("absolute URI to /internal", "GET http://127.0.0.1/internal/carts/" + bystander.user()
                + " HTTP/1.1\r\n" + host + "\r\n", NOT_ROUTED, true));
        raw.add(rawCase("asterisk form", "OPTIONS * HTTP/1.1\r\n" + host + "\r\n", null, true));
        raw.add(rawCase("no Host header", "GET /api/products HTTP/1.1\r\n\r\n", null, true));
        raw.add(rawCase("Host header injection", "GET /api/products HTTP/1.1\r\nHost: evil.example/internal\r\n"
                + "\r\n", null, true));
        raw.add(rawCase("two Host headers", "GET /api/products HTTP/1.1\r\n" + host + "Host: evil.example\r\n\r\n",
                null, true));
        raw.add(rawCase("Content-Length not a number", "PUT /api/cart/items/" + guarded + " HTTP/1.1\r\n" + host
                + token + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}", REJECTED, true));
        raw.add(rawCase("negative Content-Length", "PUT /api/cart/items/" + guarded + " HTTP/1.1\r\n" + host + token
                + "Content-Type: application/json\r\nContent-Length: -5\r\n\r\n{}", REJECTED, true));
        raw.add(rawCase("Content-Length and chunked (smuggling)", "POST /api/checkout HTTP/1.1\r\n" + host + token
                + "Idempotency-Key: " + UUID.randomUUID()
                + "\r\nContent-Type: application/json\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"pa}\r\n0\r\n\r\nGET /internal/carts/x HTTP/1.1\r\n"
                + host + "\r\n", REJECTED, true));
        raw.add(rawCase("broken chunk size", "PUT /api/cart/items/" + guarded + " HTTP/1.1\r\n" + host + token
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                REJECTED, true));
        raw.add(rawCase("CONNECT", "CONNECT 127.0.0.1:5432 HTTP/1.1\r\n" + host + "\r\n", REJECTED, true));
        raw.add(rawCase("TRACE", "TRACE /api/products HTTP/1.1\r\n" + host + "\r\n", null, true));
        raw.add(rawCase("header with a bare CR", "GET /api/cart HTTP/1.1\r\n" + host + token
                + "X-Evil: a\rInjected: b\r\n\r\n", null, true));
        raw.add(rawCase("HTTP/1.0 without Host", "GET /api/products/" + guarded + " HTTP/1.0\r\n\r\n", null, true));
        raw.add(rawCase("Expect: 100-continue with a huge declared body", "PUT /api/cart/items/" + guarded
                + " HTTP/1.1\r\n" + host + token + "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                + "Content-Length: 999999999999\r\n\r\n", Set.of(413, 417), true));
        // Over the body limit, declared and chunked: the gateway answers 413 while the body is still arriving.
        byte[] big = "z".repeat(GATEWAY_BODY_LIMIT + 512 * 1024).getBytes(StandardCharsets.US_ASCII);
        raw.add(new RawCase("declared body over 1 MiB", concat(("POST /api/admin/products HTTP/1.1\r\n" + host
                + "Authorization: Bearer " + run().admin.token() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + big.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), big),
                Set.of(413), false));
        String chunkHead = Integer.toHexString(big.length) + "\r\n";
        raw.add(new RawCase("chunked body over 1 MiB", concat(("PUT /api/cart/items/" + guarded + " HTTP/1.1\r\n"
                + host + token + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkHead)
                .getBytes(StandardCharsets.US_ASCII),
                concat(big, "\r\n0\r\n\r\n".getBytes(
                        StandardCharsets.US_ASCII))),
                Set.of(413), false));

        List<Answer> answers = new ArrayList<>();
        for (RawCase each : raw) {
            Answer answer = sendRaw(each.bytes());
            answers.add(answer);
            count(answer.status());
            Case asCase = new Case("raw", each.name(), "RAW", excerpt(new String(each.bytes(), 0,
                    Math.min(each.bytes().length, 200), StandardCharsets.ISO_8859_1), 160), null, null, Map.of(),
                    each.allowed());
            if (answer.status() == 0) {
                if (!each.allowClose()) {
                    failures.add(new Failure(asCase, answer, "no HTTP answer"));
                }
                continue;
            }
            if (DECODER_LEVEL.contains(each.name())) {
                // Not HTTP the server can parse: Vert.x's decoder (or Quarkus' URI check) answers before any handler
                // of ours, with a bare status and no document (api-gateway README, "Known limits"). Such a request
                // reaches nothing; it must still be refused as the client's fault. An unknown protocol version may
                // also be answered as HTTP/1.1 (RFC 9112 lets a server answer with the version it speaks) or with
                // the statuses HTTP defines for it (501/505).
                boolean refused = answer.status() >= 400 && answer.status() < 500
                        || each.name().equals("unknown version") && Set.of(200, 501, 505).contains(answer.status());
                if (!refused) {
                    failures.add(new Failure(asCase, answer, "not refused as the client's fault"));
                }
                continue;
            }
            judge(asCase, answer);
        }
        return answers;
    }

    /** Raw cases rejected below the application by the HTTP decoder, where no problem document can be produced. */
    private static final Set<String> DECODER_LEVEL = Set.of("bad request line", "request line with spaces",
            "unknown version", "no version", "binary request line", "header without a colon",
            "header name with a space", "header with a bare CR", "Content-Length not a number",
            "negative Content-Length", "broken chunk size", "bad percent encoding", "backslash traversal",
            "Content-Length and chunked (smuggling)", "CONNECT");

    private static RawCase rawCase(String name, String request, Set<Integer> allowed, boolean allowClose) {
        return new RawCase(name, request.getBytes(StandardCharsets.ISO_8859_1), allowed, allowClose);
    }

    /** Writes the bytes on a fresh connection (in the background, the server may answer early) and reads the answer. */
    private Answer sendRaw(byte[] bytes) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", run().stack.port("api-gateway", 0)), 3_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    // The server answered and closed before the whole request was written: its answer is read below.
                }
            });
            byte[] response = readResponse(socket.getInputStream());
            writer.join(5_000);
            return parse(response, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            return new Answer(0, null, e.toString(), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, e.toString(), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Reads one response: headers, then Content-Length bytes or up to the end of the connection. */
    private static byte[] readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int headerEnd = -1;
        long contentLength = -1;
        try {
            int read;
            while ((read = in.read(chunk)) > 0) {
                buffer.write(chunk, 0, read);
                String text = buffer.toString(StandardCharsets.ISO_8859_1);
                if (headerEnd < 0 && (headerEnd = text.indexOf("\r\n\r\n")) >= 0) {
                    for (String line : text.substring(0, headerEnd).split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            contentLength = Long.parseLong(line.substring(15).trim());
                        }
                    }
                }
                if (headerEnd >= 0 && contentLength >= 0 && buffer.size() >= headerEnd + 4 + contentLength) {
                    break;
                }
            }
        } catch (IOException e) {
            if (buffer.size() == 0) {
                throw e;
            }
        }
        return buffer.toByteArray();
    }

    private static Answer parse(byte[] response, Duration took) {
        String text = new String(response, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || headerEnd < 0) {
            return new Answer(0, null, text.isEmpty() ? "connection closed without an answer" : text, took);
        }
        String[] lines = text.substring(0, headerEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = null;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            }
        }
        return new Answer(status, contentType, text.substring(headerEnd + 4), took);
    }

    // --- helpers ------------------------------------------------------------------------------------------------------

    private static JsonNode adminView(String sku) {
        Answer answer = run().shop.send("GET", "/api/admin/products/" + sku, run().admin, null, Map.of());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    /** The cart's lines and total (its updatedAt may move when a harmless request rewrote the same values). */
    private static JsonNode cartState(Session customer) {
        Answer answer = run().shop.cart(customer);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return ((com.fasterxml.jackson.databind.node.ObjectNode) answer.json()).without("updatedAt");
    }

    private static String signRs(KeyPair key, String header, String claims) throws GeneralSecurityException {
        String input = b64(header) + "." + b64(claims);
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    }

    private static String signHs(String secret, String claims) throws GeneralSecurityException {
        String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.isEmpty() ? new byte[1] : secret.getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(
                StandardCharsets.US_ASCII)));
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String excerpt(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("[\\r\\n\\t]", " ");
        return flat.length() > max ? flat.substring(0, max) + "… (" + text.length() + " chars)" : flat;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
