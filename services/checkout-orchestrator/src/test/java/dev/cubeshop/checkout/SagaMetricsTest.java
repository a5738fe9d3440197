package dev.cubeshop.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.cubeshop.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(StandIns.class)
class SagaMetricsTest extends CheckoutTestSupport {

    @Test
    void aCompletedAndADeclinedCheckoutEachCountOneOutcomeAndOneDurationUnderTheirStatus() {
        String before = metrics();

        checkout(customerWithCart(sku(), 10), UUID.randomUUID().toString(), "tok_visa").then().statusCode(201);
        checkout(customerWithCart(sku(), 10), UUID.randomUUID().toString(), "tok_declined").then().statusCode(402);

        String after = metrics();
        assertThat(delta(before, after, "cubeshop_saga_outcomes_total", "COMPLETED")).isEqualTo(1.0);
        assertThat(delta(before, after, "cubeshop_saga_outcomes_total", "PAYMENT_DECLINED")).isEqualTo(1.0);
        assertThat(delta(before, after, "cubeshop_saga_outcomes_total", "FAILED")).isZero();
        assertThat(delta(before, after, "cubeshop_saga_duration_seconds_count", "COMPLETED")).isEqualTo(1.0);
        assertThat(delta(before, after, "cubeshop_saga_duration_seconds_count", "PAYMENT_DECLINED")).isEqualTo(1.0);
        assertThat(delta(before, after, "cubeshop_saga_duration_seconds_sum", "COMPLETED")).isPositive();
        // A histogram, so that histogram_quantile() gives the p99 across replicas: the +Inf bucket holds them all.
        assertThat(value(after, "cubeshop_saga_duration_seconds_bucket", "COMPLETED", "le=\"+Inf\""))
                .isEqualTo(value(after, "cubeshop_saga_duration_seconds_count", "COMPLETED", ""));
        assertThat(after).doesNotContain("customer_id").doesNotContain("order_id");
    }

    @Test
    void theRepeatOfAnIdempotencyKeyIsNoSecondOutcome() {
        String customer = customerWithCart(sku(), 10);
        String key = UUID.randomUUID().toString();
        checkout(customer, key, "tok_visa").then().statusCode(201);
        String before = metrics();

        checkout(customer, key, "tok_visa").then().statusCode(201);

        assertThat(delta(before, metrics(), "cubeshop_saga_outcomes_total", "COMPLETED")).isZero();
    }

    @Test
    void aSagaTheRecoveryJobFinishesCountsOnceWhenItEnds() {
        String customer = customerWithCart(sku(), 10);
        standIns.inventory.fail("commit");
        String before = metrics();

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_visa");

        answer.then().statusCode(202).body("status", equalTo("PAID"));
        assertThat(delta(before, metrics(), "cubeshop_saga_outcomes_total", "COMPLETED")).isZero();
        standIns.inventory.heal();
        UUID orderId = orderId(answer);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> order(customer, orderId).then()
                .body("status", equalTo("COMPLETED")));
        String after = metrics();
        assertThat(delta(before, after, "cubeshop_saga_outcomes_total", "COMPLETED")).isEqualTo(1.0);
        assertThat(delta(before, after, "cubeshop_saga_duration_seconds_count", "COMPLETED")).isEqualTo(1.0);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double delta(String before, String after, String name, String status) {
        return value(after, name, status, "") - value(before, name, status, "");
    }

    /** The sample of {@code name} with {@code status} (and {@code label}, when given); 0 when there is none. */
    private static double value(String metrics, String name, String status, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(metrics);
        while (matcher.find()) {
            String labels = matcher.group(1);
            if (labels.contains("status=\"" + status + "\"") && labels.contains(label)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }
}
