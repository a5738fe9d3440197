package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Chaos, bounded, as a user runs it: {@code ./cubeshop chaos} against the system tests' stack. Concurrent customers
 * check out scarce stock while replicas are killed and restarted, one is frozen, and the broker restarts once; clients
 * retry a lost answer with the same Idempotency-Key (the scenario is {@link Chaos}). After the recovery deadline, every
 * invariant must hold in the chaos run's data, and the stack must serve this test's run as before.
 */
@Order(5)
class ChaosIT extends SystemTest {
    static final Duration LOAD = Duration.ofSeconds(Long.getLong("cubeshop.chaos.seconds", 120));
    static final int CUSTOMERS = 12;

    @Test
    void concurrentCheckoutsThroughKillsAFreezeAndABrokerRestartLeaveNoViolation() throws Exception {
        Path report = Files.createTempFile("chaos", ".json");
        try {
            int exit = run().stack.chaos(LOAD, CUSTOMERS, report);
            assertThat(Files.size(report)).as("./cubeshop chaos (exit %d) wrote its report; its output is in "
                    + ".cubeshop/logs/system-tests-control.log", exit).isPositive();
            JsonNode figures = new ObjectMapper().readTree(report.toFile());
            JsonNode outcomes = figures.path("outcomes");
            List<String> violations = new ObjectMapper().convertValue(figures.path("violations"),
                    new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {
                    });
            System.out.printf("[system-tests] chaos %d s, %d customers; faults: %s%n", figures.path("seconds").asLong(),
                    figures.path("customers").asInt(), figures.path("faults"));
            System.out.printf("[system-tests] checkouts attempted %d / completed %d / declined %d / rejected %d / "
                    + "failed %d %s; orders %s; violations %d%n", outcomes.path("attempted").asInt(),
                    outcomes.path("completed").asInt(), outcomes.path("declined").asInt(),
                    outcomes.path("rejected").asInt(), outcomes.path("failed").asInt(), figures.path("failures"),
                    figures.path("ordersByStatus"), violations.size());
            assertThat(violations).as("invariant violations after the chaos run").isEmpty();
            assertThat(exit).as("./cubeshop chaos exit status (0: no violation)").isZero();
            assertThat(figures.path("faults").toString()).as("faults injected")
                    .contains("SIGKILL").contains("SIGSTOP").contains("broker restart\"");
            assertThat(outcomes.path("completed").asInt()).as("checkouts completed under chaos").isPositive();
            assertThat(outcomes.path("rejected").asInt()).as("the stock was scarce enough to run out").isPositive();
        } finally {
            Files.deleteIfExists(report);
        }
    }
}
