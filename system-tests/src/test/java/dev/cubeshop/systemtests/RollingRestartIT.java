package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Zero-downtime restarts: every replica of every application restarted one at a time ({@code ./cubeshop restart}:
 * drain, graceful stop, start, ready, next) while clients browse, change carts and check out through the gateways. Not
 * one client request may fail. What makes it hold: a replica deregisters from the registry as its drain begins, so
 * the gateway and the Stork clients stop choosing it while it finishes what it serves; it registers again when it
 * listens.
 */
@Order(6)
class RollingRestartIT extends SystemTest {
    static final int CLIENTS = 6;

    @Test
    void restartingEveryReplicaUnderLoadFailsNoClientRequest() throws Exception {
        Run run = run();
        run.restore();
        List<String> skus = List.of(run.product(1_500, 100_000), run.product(2_500, 100_000));
        long started = System.nanoTime();
        ShoppingLoad load = ShoppingLoad.start(run, skus, CLIENTS);
        try {
            run.stack.rollingRestart(Stack.APPS);
        } finally {
            load.close();
        }
        System.out.printf("[system-tests] rolling restart of %d replicas in %d s: requests %s, failed %d%s%n",
                Stack.APPS.size() * run.stack.replicas(), Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                load.counts(), load.failures().size(), ShoppingLoad.describe(load.failures()));
        assertThat(load.failures()).as("client requests that failed during the rolling restart").isEmpty();
        assertThat(load.counts().getOrDefault("checkout", 0)).as("checkouts during the restart").isPositive();
    }
}
