package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Dynamic membership (X-axis at runtime) under load: a replica added with {@code ./cubeshop scale} receives traffic
 * from the gateways and from the services' REST clients within the documented bound, without restarting anything;
 * scaling down fails no client request; a SIGKILLed replica, which cannot deregister, leaves the registry when its
 * lease expires and the gateways stop balancing over it.
 */
@Order(7)
class ScaleIT extends SystemTest {
    /** Registry refresh (1 s; the gateway applies a changed list at once), with slack for a busy machine. */
    static final Duration JOIN_BOUND = Duration.ofSeconds(6);
    /** The registration lease TTL (5 s) + the registry refresh (1 s), with slack. */
    static final Duration DROP_BOUND = Duration.ofSeconds(8);
    static final int CLIENTS = 4;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void replicasJoinAndLeaveUnderLoadWithoutFailingRequests() throws Exception {
        Run run = run();
        run.restore();
        Stack stack = run.stack;
        List<String> skus = List.of(run.product(1_200, 100_000), run.product(3_400, 100_000));
        String added = "127.0.0.1:" + stack.port("inventory", 2);
        String killed = "127.0.0.1:" + stack.port("inventory", 1);
        ShoppingLoad load = ShoppingLoad.start(run, skus, CLIENTS);
        long scaledUp;
        long fromGateway;
        long fromService;
        long killedAt;
        long dropped;
        long ejected;
        try {
            sleep(Duration.ofSeconds(2));
            stack.scale("inventory", 3);
            scaledUp = System.nanoTime();
            assertThat(stack.registered("inventory")).contains(added);
            Path log = stack.log("inventory", 2);
            fromGateway = awaitServed(log, line -> line.contains("Java-http-client"), scaledUp);
            fromService = awaitServed(log, line -> !line.contains("Java-http-client"), scaledUp);

            stack.scale("inventory", 2);
            assertThat(stack.registered("inventory")).doesNotContain(added);
            sleep(Duration.ofSeconds(3));
            assertThat(load.failures()).as("client requests that failed while inventory scaled 2 → 3 → 2").isEmpty();

            stack.kill("inventory", 1);
            killedAt = System.nanoTime();
            dropped = awaitNanos(() -> !stack.registered("inventory").contains(killed), killedAt, DROP_BOUND);
            ejected = awaitNanos(() -> !anyGatewayLists(stack, "http://" + killed), killedAt, DROP_BOUND);
            sleep(Duration.ofSeconds(5));
        } finally {
            load.close();
        }
        long afterDrop = killedAt + Math.max(dropped, ejected);
        List<ShoppingLoad.Failure> inKillWindow = load.failuresBetween(killedAt, afterDrop);
        List<ShoppingLoad.Failure> afterwards = load.failuresBetween(afterDrop, Long.MAX_VALUE);
        System.out.printf("[system-tests] scale: inventory #2 served the gateway %d ms and a REST client %d ms after "
                + "it was ready; SIGKILLed inventory #1 left the registry after %d ms, the gateways' lists after %d ms; "
                + "requests %s, failed while scaling 0, in the kill window %d, after it %d%s%n",
                millis(fromGateway), millis(fromService), millis(dropped), millis(ejected), load.counts(),
                inKillWindow.size(), afterwards.size(), ShoppingLoad.describe(load.failures()));
        assertThat(Duration.ofNanos(fromGateway)).isLessThanOrEqualTo(JOIN_BOUND);
        assertThat(Duration.ofNanos(fromService)).isLessThanOrEqualTo(JOIN_BOUND);
        assertThat(afterwards).as("client requests that failed after the killed replica was dropped").isEmpty();
    }

    /** Whether a gateway still balances over the replica (its /q/health/well lists every replica it knows). */
    private static boolean anyGatewayLists(Stack stack, String replica) {
        for (int r = 0; r < stack.replicas(); r++) {
            URI well = URI.create("http://127.0.0.1:" + stack.port("api-gateway", r) + "/q/health/well");
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(well).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.body().contains(replica)) {
                    return true;
                }
            } catch (IOException e) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return false;
    }

    /** Nanoseconds from {@code since} until the replica's log (since its last start) has a request matching. */
    private static long awaitServed(Path log, Predicate<String> caller, long since) {
        return awaitNanos(() -> servedSinceLastStart(log).stream().anyMatch(caller), since, JOIN_BOUND);
    }

    private static List<String> servedSinceLastStart(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("==> ")) {
                    start = i;
                }
            }
            return lines.subList(start, lines.size()).stream()
                    .filter(line -> line.contains(" HTTP/1.1\" ") && !line.contains(" /q/")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long awaitNanos(BooleanSupplier condition, long since, Duration bound) {
        long end = since + bound.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", bound).isLessThan(end);
            sleep(Duration.ofMillis(100));
        }
        return System.nanoTime() - since;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
