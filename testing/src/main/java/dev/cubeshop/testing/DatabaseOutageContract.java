package dev.cubeshop.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * What every service with a database must do when the database goes away: stay alive, report not-ready, answer
 * quickly, and become ready again by itself when the database returns. A service's test extends this class and
 * carries {@code @QuarkusTest @TestProfile(DatabaseOutageContract.BehindProxy.class)}.
 */
public abstract class DatabaseOutageContract {

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxiedDatabase.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of();
        }
    }

    @Test
    void losingTheDatabaseMakesTheServiceNotReadyButAliveUntilItReturns() throws Exception {
        Assumptions.assumeTrue(ProxiedDatabase.available(), "needs a configured database (./cubeshop test)");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));

        ProxiedDatabase.proxy().cut();
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(503)
                    .body("checks.findAll { it.name == 'Database connections health check' }.status",
                            hasItem("DOWN")));
            long started = System.nanoTime();
            given().get("/q/health/ready").then().statusCode(503);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(millis)
                    .as("a readiness probe must answer well inside a probe timeout").isLessThan(5_000);
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            ProxiedDatabase.proxy().restore();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("status", equalTo("UP")));
    }
}
