package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class HygieneTest {
    private static final String PROBLEM = "application/problem+json";

    @AfterEach
    void restore() {
        Gateway.restoreUpstreams();
    }

    @Test
    void anOversizedBodyIs413AndNeverReachesTheUpstream() {
        String path = "/api/cart/items/big-" + UUID.randomUUID();
        String token = Tokens.login("alice");

        given().auth().oauth2(token).contentType("application/json").body(new byte[1024 * 1024 + 1]).put(path)
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/payload-too-large"));

        assertThat(FakeUpstreams.cart.hits(path)).isZero();
        given().auth().oauth2(token).contentType("application/json").body(new byte[1024]).put(path)
                .then().statusCode(200).body("bodyLength", equalTo(1024));
    }

    @Test
    void anOversizedChunkedBodyIs413Too() {
        String path = "/api/cart/items/chunked-" + UUID.randomUUID();
        // No Content-Length: the limit is enforced while reading.
        HttpRequest request = HttpRequest.newBuilder(Gateway.uri(path))
                .header("Authorization", "Bearer " + Tokens.login("alice"))
                .PUT(HttpRequest.BodyPublishers
                        .ofInputStream(() -> new ByteArrayInputStream(new byte[2 * 1024 * 1024])))
                .build();

        HttpResponse<String> response = Gateway.send(request);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM);
        assertThat(FakeUpstreams.cart.hits(path)).isZero();
    }

    @Test
    void unknownRoutesAre404Problems() {
        for (String path : new String[]{"/api/unknown", "/api/productsX", "/nothing/here", "/api"}) {
            given().get(path).then().statusCode(404).contentType(PROBLEM)
                    .body("type", equalTo("https://cubeshop.dev/problems/not-found"));
        }
    }

    @Test
    void internalEndpointsAreNeverRouted() {
        String admin = Tokens.login("admin");
        for (String path : new String[]{"/internal/reservations", "/internal/carts/alice", "/internal",
                "/api/products/../../internal/carts/alice", "/api/products/%2e%2e/%2e%2e/internal/carts/alice"}) {
            given().urlEncodingEnabled(false).auth().oauth2(admin).get(path).then().statusCode(404)
                    .contentType(PROBLEM).body("type", equalTo("https://cubeshop.dev/problems/not-found"));
        }
        FakeUpstreams.all().forEach(replica -> {
            assertThat(replica.hits("/internal/reservations")).isZero();
            assertThat(replica.hits("/internal/carts/alice")).isZero();
        });
    }

    @Test
    void aRequestIdIsGeneratedWhenMissingAndReachesTheUpstream() {
        String path = "/api/products/rid-" + UUID.randomUUID();

        String id = given().get(path).then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}")).extract().header("X-Request-Id");

        String seen = FakeUpstreams.inventory.stream().filter(replica -> replica.hits(path) > 0).findFirst()
                .orElseThrow().lastHeaders(path).get("X-Request-Id");
        assertThat(seen).isEqualTo(id);
        given().header("X-Request-Id", "bad id with spaces").get(path).then()
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void everyAnswerCarriesSecurityHeadersAndNoServerVersion() {
        for (String path : new String[]{"/api/products/sec-" + UUID.randomUUID(), "/api/unknown", "/q/health/ready"}) {
            given().get(path).then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Server", nullValue());
        }
    }

    @Test
    void corsIsOpenToConfiguredOriginsOnly() {
        given().header("Origin", "https://shop.example").header("Access-Control-Request-Method", "PUT")
                .options("/api/cart/items/x").then().statusCode(204)
                .header("Access-Control-Allow-Origin", "https://shop.example")
                .header("Access-Control-Allow-Headers", containsString("Authorization"));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "PUT")
                .options("/api/cart/items/x").then().statusCode(403).contentType(PROBLEM)
                .header("Access-Control-Allow-Origin", nullValue());

        given().header("Origin", "https://shop.example").get("/api/products/cors-" + UUID.randomUUID()).then()
                .statusCode(200).header("Access-Control-Allow-Origin", "https://shop.example");
        given().header("Origin", "https://evil.example").get("/api/products/cors-" + UUID.randomUUID()).then()
                .statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theAggregatedOpenApiDocumentAndSwaggerUiAreServed() {
        given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", equalTo("Cubeshop public API"))
                .body("paths.'/api/products'.get.summary", containsString("catalog"))
                .body("paths.'/api/checkout'.post.parameters[0].name", equalTo("Idempotency-Key"))
                .body("paths.'/api/auth/token'.post", org.hamcrest.Matchers.notNullValue());
        given().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"));
    }
}
