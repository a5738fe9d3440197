package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;

import dev.cubeshop.gateway.auth.Caller;
import dev.cubeshop.gateway.auth.Jwks;
import dev.cubeshop.gateway.auth.JwtVerifier;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class AuthenticationTest {

    @AfterEach
    void restore() {
        Gateway.restoreUpstreams();
    }

    @Test
    void theDemoProvidersKeySetNamesAndVerifiesItsTokens() throws Exception {
        String token = Tokens.login("alice");
        String set = given().get("/.well-known/jwks.json").then().statusCode(200)
                .contentType("application/jwk-set+json").header("Cache-Control", "public, max-age=300")
                .extract().asString();

        Map<String, PublicKey> keys = Jwks.read(set);
        Object kid = Tokens.header(token).get("kid");
        assertThat(keys).containsOnlyKeys((String) kid);
        Caller caller = new JwtVerifier(keys::get, "cubeshop-demo", "cubeshop", Duration.ofSeconds(30),
                Clock.systemUTC()).verify(token);
        assertThat(caller.subject()).isEqualTo("alice");
        given().contentType("application/json").body("{}").post("/.well-known/jwks.json").then().statusCode(405)
                .header("Allow", "GET, HEAD");
    }

    @Test
    void theTokenEndpointIssuesTokensWithTheContractsClaims() throws Exception {
        var response = given().contentType("application/json").body(Map.of("username", "alice", "password", "alice"))
                .post("/api/auth/token").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .extract();
        Map<?, ?> claims = Tokens.payload(response.path("access_token"));

        assertThat(claims.get("iss")).isEqualTo("cubeshop-demo");
        assertThat(claims.get("aud")).isEqualTo("cubeshop");
        assertThat(claims.get("sub")).isEqualTo("alice");
        assertThat(claims.get("upn")).isEqualTo("alice");
        assertThat(claims.get("groups")).isEqualTo(List.of("customer"));
        assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
                .isEqualTo(900);
    }

    @Test
    void adminIsTheOnlyAdministratorAndAnyWellFormedNameIsACustomer() throws Exception {
        assertThat(Tokens.payload(Tokens.login("admin")).get("groups")).isEqualTo(List.of("admin"));
        assertThat(Tokens.payload(Tokens.login("bob")).get("groups")).isEqualTo(List.of("customer"));
        assertThat(Tokens.payload(Tokens.login("load-test-17")).get("sub")).isEqualTo("load-test-17");
    }

    @Test
    void aWrongPasswordOrAMalformedNameIsRefused() {
        for (Map<String, String> login : List.of(Map.of("username", "alice", "password", "bob"),
                Map.of("username", "Al", "password", "Al"), Map.of("username", "x".repeat(40), "password", "x"))) {
            given().contentType("application/json").body(login).post("/api/auth/token").then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://cubeshop.dev/problems/invalid-credentials"));
        }
        given().contentType("application/json").body("{\"username\": ").post("/api/auth/token").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://cubeshop.dev/problems/malformed-request"));
    }

    @Test
    void missingExpiredForgedOrForeignTokensAre401AndTheUpstreamReceivesNothing() throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> expired = Tokens.claims("alice", "customer");
        expired.put("iat", now - 3600);
        expired.put("exp", now - 1800);
        Map<String, Object> otherAudience = Tokens.claims("alice", "customer");
        otherAudience.put("aud", "someone-else");
        Map<String, Object> otherIssuer = Tokens.claims("alice", "customer");
        otherIssuer.put("iss", "https://evil.example");
        Map<String, Object> noExpiry = Tokens.claims("alice", "customer");
        noExpiry.remove("exp");
        String valid = Tokens.sign(Tokens.claims("alice", "customer"), Tokens.gatewayKey());
        String[] parts = valid.split("\\.");
        List<String> rejected = List.of(
                Tokens.sign(expired, Tokens.gatewayKey()),
                Tokens.sign(Tokens.claims("alice", "customer"), Tokens.strangerKey()),
                Tokens.sign(otherAudience, Tokens.gatewayKey()),
                Tokens.sign(otherIssuer, Tokens.gatewayKey()),
                Tokens.sign(noExpiry, Tokens.gatewayKey()),
                Tokens.sign("{\"alg\":\"none\"}", Tokens.claims("alice", "customer"), Tokens.gatewayKey()),
                parts[0] + "." + parts[1] + ".",
                parts[0] + "." + Tokens.sign(Tokens.claims("admin", "admin"), Tokens.strangerKey()).split("\\.")[1]
                        + "." + parts[2],
                "not-a-token");
        String path = "/api/cart/items/auth-" + UUID.randomUUID();

        given().put(path).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://cubeshop.dev/problems/unauthorized"));
        for (String token : rejected) {
            given().auth().oauth2(token).put(path).then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer error="))
                    .body("type", equalTo("https://cubeshop.dev/problems/unauthorized"));
        }
        given().header("Authorization", "Basic YWxpY2U6YWxpY2U=").put(path).then().statusCode(401);

        assertThat(FakeUpstreams.cart.hits(path)).isZero();
        given().auth().oauth2(valid).put(path).then().statusCode(200);
        assertThat(FakeUpstreams.cart.hits(path)).isOne();
    }

    @Test
    void aValidTokenIsPassedOnWithTheRequestIdAndTraceContext() {
        String token = Tokens.login("alice");
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        given().auth().oauth2(token).header("X-Request-Id", "req-42").header("traceparent", traceparent)
                .get("/api/cart?probe=" + UUID.randomUUID()).then().statusCode(200)
                .header("X-Request-Id", "req-42");

        MultiMap seen = FakeUpstreams.cart.lastHeaders("/api/cart");
        assertThat(seen.get("Authorization")).isEqualTo("Bearer " + token);
        assertThat(seen.get("X-Request-Id")).isEqualTo("req-42");
        // The same trace, continued by the gateway's own span and sampled as the gateway decides (TracingTest).
        assertThat(seen.get("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
                .doesNotContain("00f067aa0ba902b7");
        assertThat(seen.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    }

    @Test
    void adminRoutesNeedTheAdminGroup() {
        String path = "/api/admin/products/authz-" + UUID.randomUUID();

        given().auth().oauth2(Tokens.login("alice")).contentType("application/json").body("{}").put(path).then()
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://cubeshop.dev/problems/forbidden"));
        given().contentType("application/json").body("{}").put(path).then().statusCode(401);
        int before = FakeUpstreams.inventory.stream().mapToInt(replica -> replica.hits(path)).sum();
        assertThat(before).isZero();

        given().auth().oauth2(Tokens.login("admin")).contentType("application/json").body("{}").put(path).then()
                .statusCode(200);
        assertThat(FakeUpstreams.inventory.stream().mapToInt(replica -> replica.hits(path)).sum()).isOne();
    }

    @Test
    void catalogReadsArePublicButCatalogWritesAreNot() {
        String path = "/api/products/public-" + UUID.randomUUID();

        given().get(path).then().statusCode(200);
        given().contentType("application/json").body("{}").post(path).then().statusCode(401)
                .contentType("application/problem+json");
    }
}
