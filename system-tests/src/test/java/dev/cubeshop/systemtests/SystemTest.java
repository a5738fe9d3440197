package dev.cubeshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every scenario shares: one stack for the whole run (two replicas of every application, started once, stopped
 * when the test JVM exits), one client that reaches it only through the gateways, the run's own customers and products,
 * and the invariant check after every test.
 */
abstract class SystemTest {
    static final Duration RECOVERY_DEADLINE = Run.RECOVERY_DEADLINE;
    static final String TOKEN_OK = "tok_visa";

    private static Run run;

    @BeforeAll
    static synchronized void startStack() {
        assumeTrue(System.getenv("CUBESHOP_PG_HOST") != null && System.getenv("CUBESHOP_KAFKA") != null,
                "The system tests run the native stack against the local PostgreSQL and Kafka: run them with "
                        + "./cubeshop test (which starts both), not a bare ./mvnw verify");
        if (run == null) {
            Stack stack = new Stack(Path.of(System.getProperty("cubeshop.root", "..")).toAbsolutePath().normalize(),
                    System.getProperty("cubeshop.system-tests.stack", "system-tests"),
                    Integer.getInteger("cubeshop.system-tests.port-offset", 12_000), 2,
                    // Every application logs each request it serves, with the caller's User-Agent: the tests read who
                    // served what (a client through the gateway, or a service's REST client) from the replicas' logs.
                    Map.of("QUARKUS_HTTP_ACCESS_LOG_ENABLED", "true",
                            "QUARKUS_HTTP_ACCESS_LOG_PATTERN", Stack.ACCESS_LOG_PATTERN));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::down, "stop-system-test-stack"));
            long start = System.nanoTime();
            stack.up();
            System.out.printf("[system-tests] stack up (2 replicas of every application) in %d s%n",
                    Duration.ofNanos(System.nanoTime() - start).toSeconds());
            run = new Run(stack, stack.replicas());
        }
    }

    static Run run() {
        return run;
    }

    /**
     * After every scenario: once the sagas have settled and the events have been consumed, every invariant holds. Waits
     * for convergence up to the recovery deadline, then asserts on the last report.
     */
    @AfterEach
    void invariantsHold() {
        InvariantChecker.Report report = awaitInvariants(RECOVERY_DEADLINE.plusSeconds(30));
        List<String> orphans = run.checker.paymentsWithoutOrder(run.started);
        System.out.println("[system-tests] " + getClass().getSimpleName() + " " + report.summary()
                + (orphans.isEmpty() ? "" : "\n  " + orphans));
        assertThat(report.violations()).as(report.summary()).isEmpty();
        assertThat(orphans).as("payments without an order").isEmpty();
    }

    static InvariantChecker.Report awaitInvariants(Duration deadline) {
        return run.awaitInvariants(deadline);
    }

    static void sleep(Duration duration) {
        Run.sleep(duration);
    }
}
