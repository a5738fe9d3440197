package dev.cubeshop.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.cubeshop.events.OrderCompleted;
import dev.cubeshop.testing.TestTokens;

/**
 * One trace across the outbox: the OrderCompleted that a checkout publishes (written in the saga's transaction,
 * published later by the relay on another thread) carries the checkout request's trace in its traceparent header, so
 * that the consumers' spans continue it.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(StandIns.class)
class TracingTest extends CheckoutTestSupport {

    @Test
    void theOrderCompletedEventCarriesTheCheckoutRequestsTrace() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String customer = customerWithCart(sku(), 10);
        try (EventProbe completed = EventProbe.on(OrderCompleted.TOPIC)) {
            Response answer = given().auth().oauth2(TestTokens.customer(customer))
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .contentType(ContentType.JSON).body("{\"paymentToken\": \"tok_visa\"}")
                    .post("/api/checkout");
            answer.then().statusCode(201);
            String orderId = answer.path("id");
            assertThat(completed.await(orderId, Duration.ofSeconds(20))).hasSize(1);

            String traceparent = completed.header(orderId, "traceparent");
            assertThat(traceparent).as("the event's traceparent").isNotNull()
                    .matches("00-" + traceId + "-[0-9a-f]{16}-01");
            assertThat(traceparent).as("a span of this service, not the caller's").doesNotContain("00f067aa0ba902b7");
        }
    }
}
