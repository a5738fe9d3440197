package dev.cubeshop.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.cubeshop.testing.Scrape;
import dev.cubeshop.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(StandIns.class)
class SagaMetricsTest extends CheckoutTestSupport {

    @Test
    void aCompletedAndADeclinedCheckoutEachCountOneOutcomeAndOneDurationUnderTheirStatus() {
        Scrape before = metrics();

        checkout(customerWithCart(sku(), 10), UUID.randomUUID().toString(), "tok_visa").then().statusCode(201);
        checkout(customerWithCart(sku(), 10), UUID.randomUUID().toString(), "tok_declined").then().statusCode(402);

        String text = metricsText();
        Scrape after = Scrape.parse(text);
        assertThat(after.since(before, "cubeshop_saga_outcomes_total", status("COMPLETED"))).isEqualTo(1.0);
        assertThat(after.since(before, "cubeshop_saga_outcomes_total", status("PAYMENT_DECLINED"))).isEqualTo(1.0);
        assertThat(after.since(before, "cubeshop_saga_outcomes_total", status("FAILED"))).isZero();
        assertThat(after.since(before, "cubeshop_saga_duration_seconds_count", status("COMPLETED"))).isEqualTo(1.0);
        assertThat(after.since(before, "cubeshop_saga_duration_seconds_count", status("PAYMENT_DECLINED")))
                .isEqualTo(1.0);
        assertThat(after.since(before, "cubeshop_saga_duration_seconds_sum", status("COMPLETED"))).isPositive();
        // A histogram, so that histogram_quantile() gives the p99 across replicas: the +Inf bucket holds them all.
        assertThat(after.sum("cubeshop_saga_duration_seconds_bucket", Map.of("status", "COMPLETED", "le", "+Inf")))
                .isEqualTo(after.sum("cubeshop_saga_duration_seconds_count", status("COMPLETED")));
        assertThat(text).doesNotContain("customer_id").doesNotContain("order_id");
    }

    @Test
    void theRepeatOfAnIdempotencyKeyIsNoSecondOutcome() {
        String customer = customerWithCart(sku(), 10);
        String key = UUID.randomUUID().toString();
        checkout(customer, key, "tok_visa").then().statusCode(201);
        Scrape before = metrics();

        checkout(customer, key, "tok_visa").then().statusCode(201);

        assertThat(metrics().since(before, "cubeshop_saga_outcomes_total", status("COMPLETED"))).isZero();
    }

    @Test
    void aSagaTheRecoveryJobFinishesCountsOnceWhenItEnds() {
        String customer = customerWithCart(sku(), 10);
        standIns.inventory.fail("commit");
        Scrape before = metrics();

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_visa");

        answer.then().statusCode(202).body("status", equalTo("PAID"));
        assertThat(metrics().since(before, "cubeshop_saga_outcomes_total", status("COMPLETED"))).isZero();
        standIns.inventory.heal();
        UUID orderId = orderId(answer);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> order(customer, orderId).then()
                .body("status", equalTo("COMPLETED")));
        Scrape after = metrics();
        assertThat(after.since(before, "cubeshop_saga_outcomes_total", status("COMPLETED"))).isEqualTo(1.0);
        assertThat(after.since(before, "cubeshop_saga_duration_seconds_count", status("COMPLETED"))).isEqualTo(1.0);
    }

    private static Scrape metrics() {
        return Scrape.parse(metricsText());
    }

    private static String metricsText() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static Map<String, String> status(String status) {
        return Map.of("status", status);
    }
}
