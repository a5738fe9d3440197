package dev.cubeshop.payment;

import static dev.cubeshop.payment.Payments.charge;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** tok_slow answers after 3 s in tests (payment.sandbox.slow-delay). */
@QuarkusTest
class SlowProviderTest {
    @TestHTTPResource("/internal/payments")
    URI payments;

    @Inject
    Payments records;

    @Test
    void aCallerThatTimesOutLeavesAPaymentThatStillSettlesAndReadingReturnsIt() {
        UUID orderId = UUID.randomUUID();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(payments)
                .timeout(Duration.ofMillis(500))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        """
                                {"orderId": "%s", "amount": {"amountMinor": 1999, "currency": "EUR"}, "paymentToken": "tok_slow"}
                                """
                                .formatted(orderId)))
                .build();

        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        client.close();

        // The caller gave up before the provider answered: nothing is settled yet.
        var early = given().get("/internal/payments/" + orderId);
        assertThat(early.statusCode() == 404 || "PENDING".equals(early.path("status"))).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/internal/payments/" + orderId)
                .then().statusCode(200).body("status", equalTo("CAPTURED")));
        assertThat(records.providerCharges(orderId)).isEqualTo(1);
    }

    @Test
    void aRepeatedChargeWhileTheProviderIsSlowWaitsForTheFirstOutcome() throws Exception {
        UUID orderId = UUID.randomUUID();
        Thread first = Thread.ofVirtual().start(() -> charge(orderId, "tok_slow"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/internal/payments/" + orderId)
                .then().statusCode(200));

        charge(orderId, "tok_slow").then().statusCode(200).body("status", equalTo("CAPTURED"));

        first.join(Duration.ofSeconds(20));
        assertThat(records.providerCharges(orderId)).isEqualTo(1);
    }
}
