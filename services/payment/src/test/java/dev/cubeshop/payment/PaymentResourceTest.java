package dev.cubeshop.payment;

import static dev.cubeshop.payment.Payments.charge;
import static dev.cubeshop.payment.Payments.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class PaymentResourceTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String TYPES = "https://cubeshop.dev/problems/";

    @Inject
    Payments payments;

    @Test
    void anApprovedTokenIsCapturedOnceAndARepeatReturnsTheSamePayment() {
        UUID orderId = UUID.randomUUID();

        String reference = charge(orderId, "tok_visa").then().statusCode(201)
                .body("orderId", equalTo(orderId.toString()))
                .body("status", equalTo("CAPTURED"))
                .body("amount.amountMinor", equalTo(1999))
                .body("amount.currency", equalTo("EUR"))
                .body("providerReference", startsWith("sb_ch_"))
                .body("createdAt", notNullValue())
                .extract().path("providerReference");
        charge(orderId, "tok_visa").then().statusCode(200)
                .body("status", equalTo("CAPTURED")).body("providerReference", equalTo(reference));
        given().get("/internal/payments/" + orderId).then().statusCode(200)
                .body("status", equalTo("CAPTURED")).body("providerReference", equalTo(reference));

        assertThat(payments.providerCharges(orderId)).isEqualTo(1);
    }

    @Test
    void aDeclinedCardIsAPaymentRequiredProblemAndARepeatIsDeclinedTheSameWay() {
        UUID orderId = UUID.randomUUID();

        for (int attempt = 0; attempt < 2; attempt++) {
            charge(orderId, "tok_declined").then().statusCode(402).contentType(PROBLEM)
                    .body("type", equalTo(TYPES + "payment-declined"))
                    .body("reason", equalTo("card-declined"))
                    .body("payment.status", equalTo("DECLINED"))
                    .body("payment.declineReason", equalTo("card-declined"));
        }
        given().get("/internal/payments/" + orderId).then().statusCode(200).body("status", equalTo("DECLINED"));
        assertThat(payments.providerCharges(orderId)).isEqualTo(1);
    }

    @Test
    void insufficientFundsIsDeclinedWithItsReason() {
        UUID orderId = UUID.randomUUID();

        charge(orderId, "tok_insufficient_funds").then().statusCode(402).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "payment-declined"))
                .body("reason", equalTo("insufficient-funds"));
    }

    @Test
    void aProviderErrorIsABadGatewayProblemAndThePaymentFails() {
        UUID orderId = UUID.randomUUID();

        charge(orderId, "tok_error").then().statusCode(502).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "payment-provider-error"))
                .body("payment.status", equalTo("FAILED"));
        charge(orderId, "tok_error").then().statusCode(502)
                .body("type", equalTo(TYPES + "payment-provider-error"));
        given().get("/internal/payments/" + orderId).then().statusCode(200).body("status", equalTo("FAILED"));
        assertThat(payments.providerCharges(orderId)).isEqualTo(1);
    }

    @Test
    void anUnknownTokenIsDeclinedLikeAnUnknownCard() {
        charge(UUID.randomUUID(), "tok_nobody_knows_me").then().statusCode(402)
                .body("reason", equalTo("card-declined"));
    }

    @Test
    void theSameOrderWithAnotherAmountIsAConflict() {
        UUID orderId = UUID.randomUUID();
        charge(orderId, "tok_visa").then().statusCode(201);

        post(charge(orderId, 2500, "EUR", "tok_visa")).then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "payment-conflict"));
        post(charge(orderId, 1999, "USD", "tok_visa")).then().statusCode(409)
                .body("type", equalTo(TYPES + "payment-conflict"));
        assertThat(payments.providerCharges(orderId)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Payment.MAX_AMOUNT_MINOR + 1})
    void anAmountOutsideTheLimitsIsRejectedAndNothingIsCharged(long amountMinor) {
        UUID orderId = UUID.randomUUID();

        post(charge(orderId, amountMinor, "EUR", "tok_visa")).then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "validation"))
                .body("errors.field", hasItem("amount.amountMinor"));

        assertNothingCharged(orderId);
    }

    @Test
    void theLargestAllowedAmountIsCharged() {
        post(charge(UUID.randomUUID(), Payment.MAX_AMOUNT_MINOR, "EUR", "tok_visa")).then().statusCode(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XYZ", "eur", "EURO", ""})
    void anUnknownCurrencyIsRejectedAndNothingIsCharged(String currency) {
        UUID orderId = UUID.randomUUID();

        post(charge(orderId, 1999, currency, "tok_visa")).then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "validation"))
                .body("errors.field", hasItem("amount.currency"));

        assertNothingCharged(orderId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4242424242424242", "tok_", "TOK_VISA", "tok_visa; drop table payment", ""})
    void aMalformedTokenIsRejectedAndNothingIsCharged(String token) {
        UUID orderId = UUID.randomUUID();

        post(charge(orderId, 1999, "EUR", token)).then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "validation"))
                .body("errors.field", hasItem("paymentToken"));

        assertNothingCharged(orderId);
    }

    @Test
    void missingFieldsAreRejected() {
        post(Map.of()).then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "validation"))
                .body("errors.field", hasItem("orderId"))
                .body("errors.field", hasItem("amount"))
                .body("errors.field", hasItem("paymentToken"));
    }

    @Test
    void aFractionalOrQuotedAmountIsRejectedAndNothingIsCharged() {
        UUID orderId = UUID.randomUUID();
        String template = """
                {"orderId": "%s", "amount": {"amountMinor": %s, "currency": "EUR"}, "paymentToken": "tok_visa"}
                """;

        for (String amount : new String[]{"19.99", "\"1999\""}) {
            post(template.formatted(orderId, amount)).then().statusCode(400).contentType(PROBLEM)
                    .body("type", equalTo(TYPES + "malformed-request"));
        }
        assertNothingCharged(orderId);
    }

    @Test
    void malformedJsonIsRejected() {
        given().contentType(ContentType.JSON).body("{\"orderId\": ").post("/internal/payments").then()
                .statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "malformed-request"));
    }

    @Test
    void anUnknownPaymentIsNotFound() {
        UUID orderId = UUID.randomUUID();

        given().get("/internal/payments/" + orderId).then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "payment-not-found"));
        given().post("/internal/payments/" + orderId + "/refund").then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "payment-not-found"));
    }

    @Test
    void aCapturedPaymentIsRefundedOnceAndARepeatReturnsTheRefund() {
        UUID orderId = UUID.randomUUID();
        charge(orderId, "tok_visa").then().statusCode(201);

        given().post("/internal/payments/" + orderId + "/refund").then().statusCode(200)
                .body("status", equalTo("REFUNDED"));
        given().post("/internal/payments/" + orderId + "/refund").then().statusCode(200)
                .body("status", equalTo("REFUNDED"));
        given().get("/internal/payments/" + orderId).then().statusCode(200).body("status", equalTo("REFUNDED"));

        assertThat(payments.providerRefundRequests(orderId)).isEqualTo(1);
    }

    @Test
    void aRepeatedChargeOfARefundedPaymentReturnsItAsItIsNow() {
        UUID orderId = UUID.randomUUID();
        charge(orderId, "tok_visa").then().statusCode(201);
        given().post("/internal/payments/" + orderId + "/refund").then().statusCode(200);

        charge(orderId, "tok_visa").then().statusCode(200).body("status", equalTo("REFUNDED"));
        assertThat(payments.providerCharges(orderId)).isEqualTo(1);
    }

    @Test
    void aDeclinedPaymentIsNotRefundable() {
        UUID orderId = UUID.randomUUID();
        charge(orderId, "tok_declined").then().statusCode(402);

        given().post("/internal/payments/" + orderId + "/refund").then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "payment-not-refundable"))
                .body("payment.status", equalTo("DECLINED"));
        assertThat(payments.providerRefundRequests(orderId)).isZero();
    }

    private void assertNothingCharged(UUID orderId) {
        given().get("/internal/payments/" + orderId).then().statusCode(404);
        assertThat(payments.providerCharges(orderId)).isZero();
    }
}
