package dev.cubeshop.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * docker compose up for real: builds the images, starts the whole stack with two replicas of cart shard 0 (of two
 * shards), and runs one checkout through the gateway. Needs a Docker engine; without one (as on our CI machines) it is skipped, and the checks of
 * ComposeTest and ConfigConsistencyTest are what guard the compose file.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeEndToEndTest {

    @Container
    static final ComposeContainer STACK = new ComposeContainer(
            new File(Repository.root().toFile(), "docker-compose.yml"))
            .withBuild(true)
            .withScaledService("cart-0", 2)
            .withExposedService("api-gateway", 8080, Wait.forHttp("/q/health/ready").forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(20)))
            .withRemoveVolumes(true);

    @Test
    void aCustomerChecksOutThroughTheGateway() {
        String token = gateway().contentType(ContentType.JSON)
                .body(Map.of("username", "alice", "password", "alice"))
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");

        List<Map<String, Object>> products = gateway().get("/api/products?size=100").then().statusCode(200).extract()
                .path("items");
        String sku = products.stream().filter(product -> ((Number) product.get("available")).intValue() > 0)
                .map(product -> (String) product.get("sku")).findFirst().orElseThrow();
        gateway().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("quantity", 1))
                .put("/api/cart/items/" + sku).then().statusCode(200);

        String orderId = gateway().auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body(Map.of("paymentToken", "tok_visa"))
                .post("/api/checkout").then().statusCode(201).body("status", equalTo("COMPLETED"))
                .extract().path("id");

        gateway().auth().oauth2(token).get("/api/orders/" + orderId).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));
        assertThat(orderId).isNotBlank();
    }

    private static RequestSpecification gateway() {
        return given().baseUri("http://" + STACK.getServiceHost("api-gateway", 8080))
                .port(STACK.getServicePort("api-gateway", 8080));
    }
}
