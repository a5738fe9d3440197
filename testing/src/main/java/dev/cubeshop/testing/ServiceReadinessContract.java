package dev.cubeshop.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

/**
 * What every service with a database and a broker must show: readiness that really checks both, and liveness that
 * does not depend on them. A service's test extends this class and carries {@code @QuarkusTest}.
 */
public abstract class ServiceReadinessContract {

    @Test
    void readinessChecksTheDatabaseAndTheBroker() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka broker"))
                .body("checks.find { it.name == 'Kafka broker' }.data.nodes", equalTo(1));
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
