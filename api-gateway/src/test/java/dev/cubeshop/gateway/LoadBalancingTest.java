package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class LoadBalancingTest {

    @AfterEach
    void restore() {
        Gateway.restoreUpstreams();
    }

    @Test
    void roundRobinSpreadsRequestsEvenlyOverThreeReplicas() throws Exception {
        String path = "/api/products/rr-" + UUID.randomUUID();
        List<Integer> statuses = load(path, 3000, 8);

        assertThat(statuses).hasSize(3000).allMatch(status -> status == 200);
        for (FakeUpstream replica : FakeUpstreams.inventory) {
            assertThat(replica.hits(path)).as(replica.name).isBetween(900, 1100);
        }
    }

    @Test
    void aKilledReplicaIsEjectedAndNoIdempotentRequestFailsMeanwhile() throws Exception {
        String read = "/api/products/kill-" + UUID.randomUUID();
        String write = "/api/admin/products/kill-" + UUID.randomUUID();
        String admin = Tokens.login("admin");
        FakeUpstream victim = FakeUpstreams.inventory.get(1);
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            boolean writer = i % 2 == 1;
            workers.add(clients.submit(() -> {
                while (running.get()) {
                    HttpRequest request = writer
                            ? HttpRequest.newBuilder(Gateway.uri(write)).header("Authorization", "Bearer " + admin)
                                    .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build()
                            : HttpRequest.newBuilder(Gateway.uri(read)).header("Cache-Control", "no-cache").GET()
                                    .build();
                    HttpResponse<String> response = Gateway.send(request);
                    done.incrementAndGet();
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> done.get() > 200);
        victim.kill();
        Gateway.awaitState(victim, "DOWN");
        int atEjection = done.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> done.get() > atEjection + 300);
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get(10, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(failures).isEmpty();
        assertThat(victim.hits(read) + victim.hits(write)).isPositive();
        for (FakeUpstream survivor : List.of(FakeUpstreams.inventory.get(0), FakeUpstreams.inventory.get(2))) {
            assertThat(Gateway.state(survivor)).isEqualTo("UP");
        }
    }

    @Test
    void aRevivedReplicaIsReadmitted() {
        String path = "/api/products/revive-" + UUID.randomUUID();
        FakeUpstream replica = FakeUpstreams.inventory.get(2);
        replica.kill();
        Gateway.awaitState(replica, "DOWN");
        for (int i = 0; i < 30; i++) {
            given().header("Cache-Control", "no-cache").get(path).then().statusCode(200);
        }
        assertThat(replica.hits(path)).isZero();

        replica.revive();

        Gateway.awaitState(replica, "UP");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            given().header("Cache-Control", "no-cache").get(path).then().statusCode(200);
            assertThat(replica.hits(path)).isPositive();
        });
    }

    @Test
    void anUnreadyReplicaIsEjectedByTheReadinessCheck() {
        String path = "/api/products/unready-" + UUID.randomUUID();
        FakeUpstream replica = FakeUpstreams.inventory.get(0);
        replica.ready = false;

        Gateway.awaitState(replica, "DOWN");
        for (int i = 0; i < 30; i++) {
            given().header("Cache-Control", "no-cache").get(path).then().statusCode(200);
        }

        assertThat(replica.hits(path)).isZero();
    }

    @Test
    void noHealthyReplicaIs503WithinASecond() {
        String path = "/api/products/none-" + UUID.randomUUID();
        FakeUpstreams.inventory.forEach(FakeUpstream::kill);

        // Before the health checks notice: three refused connections, then 503.
        long started = System.nanoTime();
        given().header("Cache-Control", "no-cache").get(path).then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("https://cubeshop.dev/problems/no-healthy-replica"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

        FakeUpstreams.inventory.forEach(replica -> Gateway.awaitState(replica, "DOWN"));
        started = System.nanoTime();
        given().header("Cache-Control", "no-cache").get(path).then().statusCode(503)
                .contentType("application/problem+json");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aStalledUpstreamIsA504AfterTheRouteTimeout() {
        FakeUpstreams.cart.stalled = true;

        long started = System.nanoTime();
        given().auth().oauth2(Tokens.login("alice")).get("/api/cart").then().statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://cubeshop.dev/problems/upstream-timeout"));

        // The test profile's cart timeout is 1 s; the bound only guards against a hang.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900),
                Duration.ofSeconds(10));
    }

    @Test
    void aLostConnectionOnAnIdempotentRequestIsRetriedOnAnotherReplica() {
        String path = "/api/admin/products/drop-" + UUID.randomUUID();
        String admin = Tokens.login("admin");
        FakeUpstream dropping = FakeUpstreams.inventory.get(0);
        dropping.dropping = true;

        for (int i = 0; i < 9; i++) {
            given().auth().oauth2(admin).contentType("application/json").body("{}").put(path).then().statusCode(200);
        }

        assertThat(dropping.hits(path)).as("requests the dropping replica cut off").isPositive();
    }

    @Test
    void aLostConnectionOnANonIdempotentRequestIsABadGatewayNotARepeat() {
        String path = "/api/admin/products/post-" + UUID.randomUUID();
        String admin = Tokens.login("admin");
        FakeUpstreams.inventory.forEach(replica -> replica.dropping = true);

        given().auth().oauth2(admin).contentType("application/json").body("{}").post(path).then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("https://cubeshop.dev/problems/bad-gateway"));

        int received = FakeUpstreams.inventory.stream().mapToInt(replica -> replica.hits(path)).sum();
        assertThat(received).isEqualTo(1);
    }

    @Test
    void aPostWithAnIdempotencyKeyIsRetriedOnAnotherReplica() {
        String path = "/api/admin/products/keyed-" + UUID.randomUUID();
        String admin = Tokens.login("admin");
        FakeUpstreams.inventory.get(1).dropping = true;

        for (int i = 0; i < 9; i++) {
            given().auth().oauth2(admin).header("Idempotency-Key", UUID.randomUUID().toString())
                    .contentType("application/json").body("{}").post(path).then().statusCode(200);
        }

        assertThat(FakeUpstreams.inventory.get(1).hits(path)).isPositive();
    }

    private static List<Integer> load(String path, int total, int threads) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                results.add(clients.submit(() -> Gateway.send(HttpRequest.newBuilder(Gateway.uri(path))
                        .header("Cache-Control", "no-cache").GET().build()).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get(60, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            clients.shutdown();
        }
    }
}
