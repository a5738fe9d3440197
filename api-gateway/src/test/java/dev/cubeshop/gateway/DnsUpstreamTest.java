package dev.cubeshop.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(DnsUpstreams.class)
class DnsUpstreamTest {

    @AfterEach
    void restore() {
        Gateway.restoreUpstreams();
    }

    @Test
    void anUpstreamNamedByDnsIsBalancedOverTheAddressesTheNameResolvesTo() {
        Gateway.awaitState(FakeUpstreams.cart, "UP");
        given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'Upstreams' }.data", not(hasKey("cart http://127.0.0.1:1")));

        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(Tokens.login("alice")).get("/api/cart").then().statusCode(200);
        }

        assertThat(FakeUpstreams.cart.hits("/api/cart")).isEqualTo(5);
    }
}
