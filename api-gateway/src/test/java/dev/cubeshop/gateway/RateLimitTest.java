package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@TestProfile(RateLimitTest.SmallLimits.class)
class RateLimitTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "cubeshop.gateway.rate-limit.customer.capacity", "5",
                    "cubeshop.gateway.rate-limit.customer.refill-per-second", "0.2",
                    "cubeshop.gateway.rate-limit.anonymous.capacity", "5",
                    "cubeshop.gateway.rate-limit.anonymous.refill-per-second", "0.2");
        }
    }

    @AfterEach
    void restore() {
        Gateway.restoreUpstreams();
    }

    @Test
    void burstingPastTheCustomersLimitIs429WithRetryAfterAndOtherCustomersAreUnaffected() throws Exception {
        String alice = Tokens.sign(Tokens.claims("alice-" + UUID.randomUUID().toString().substring(0, 8), "customer"),
                Tokens.gatewayKey());
        String bob = Tokens.sign(Tokens.claims("bob-" + UUID.randomUUID().toString().substring(0, 8), "customer"),
                Tokens.gatewayKey());
        String path = "/api/cart?burst=" + UUID.randomUUID();

        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 8; i++) {
            Response response = given().auth().oauth2(alice).get(path);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertThat(statuses.subList(0, 5)).containsOnly(200);
        assertThat(statuses.subList(5, 8)).containsOnly(429);
        assertThat(limited.contentType()).isEqualTo("application/problem+json");
        assertThat(limited.jsonPath().getString("type")).isEqualTo("https://cubeshop.dev/problems/rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 5);
        given().auth().oauth2(bob).get(path).then().statusCode(200);
    }

    @Test
    void anonymousCallsAreLimitedPerClientAddress() {
        String path = "/api/products/anon-" + UUID.randomUUID();
        int passed = 0;
        Response limited = null;
        for (int i = 0; i < 10 && limited == null; i++) {
            Response response = given().get(path);
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                passed++;
            }
        }

        assertThat(passed).isLessThanOrEqualTo(5);
        assertThat(limited).isNotNull();
        assertThat(limited.header("Retry-After")).isNotNull();
        given().get(path).then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("https://cubeshop.dev/problems/rate-limited"))
                .body("retryAfter", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }
}
