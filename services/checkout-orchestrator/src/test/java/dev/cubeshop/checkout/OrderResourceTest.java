package dev.cubeshop.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

import dev.cubeshop.testing.TestTokens;

@QuarkusTest
class OrderResourceTest extends CheckoutTestSupport {
    private static final String PROBLEM = "application/problem+json";

    @Test
    void anOrderViewAggregatesLinesWithProductNamesAndThePaymentState() {
        String sku = sku();
        String customer = customerWithCart(sku, 10);
        UUID orderId = orderId(checkout(customer, UUID.randomUUID().toString(), "tok_visa"));
        standIns.payment.refundDirectly(orderId);

        // The payment state comes from the payment service, not from what the saga saw: it was refunded since.
        order(customer, orderId).then().statusCode(200)
                .body("id", equalTo(orderId.toString()))
                .body("status", equalTo("COMPLETED"))
                .body("lines", hasSize(1))
                .body("lines[0].name", equalTo("Cube " + sku))
                .body("lines[0].quantity", equalTo(2))
                .body("lines[0].lineTotal.amountMinor", equalTo(3998))
                .body("payment.status", equalTo("REFUNDED"));
    }

    @Test
    void anotherCustomersOrderIsNotFound() {
        String customer = customerWithCart(sku(), 10);
        UUID orderId = orderId(checkout(customer, UUID.randomUUID().toString(), "tok_visa"));

        order(customer(), orderId).then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/order-not-found"));
        order(customer, UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void theCallersOrdersArePagedNewestFirst() {
        String sku = sku();
        String customer = customerWithCart(sku, 100);
        UUID first = orderId(checkout(customer, UUID.randomUUID().toString(), "tok_visa"));
        UUID second = orderId(checkout(customer, UUID.randomUUID().toString(), "tok_declined"));
        UUID third = orderId(checkout(customer, UUID.randomUUID().toString(), "tok_visa"));
        customerWithCart(sku(), 10);

        given().auth().oauth2(TestTokens.customer(customer)).queryParam("size", 2).get("/api/orders")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("items.id", org.hamcrest.Matchers.contains(third.toString(), second.toString()))
                .body("items[1].status", equalTo("PAYMENT_DECLINED"))
                .body("items[1].reason", equalTo("payment-declined"));
        given().auth().oauth2(TestTokens.customer(customer)).queryParam("size", 2).queryParam("page", 1)
                .get("/api/orders").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(first.toString()));
        given().auth().oauth2(TestTokens.customer(customer)).queryParam("size", 0).get("/api/orders")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void pagesThatCannotExistAreValidationProblemsNamingTheParameter() {
        String customer = customer();
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("page=2147483647", "page");
        bad.put("page=2147483647&size=100", "page");
        bad.put("page=100000", "page");
        bad.put("page=2147483648", "page");
        bad.put("page=-1", "page");
        bad.put("page=abc", "page");
        bad.put("page=1e3", "page");
        bad.put("page=%00", "page");
        bad.put("size=0", "size");
        bad.put("size=101", "size");
        bad.put("size=-1", "size");
        bad.put("size=1.5", "size");
        bad.put("size=2147483648", "size");
        bad.forEach((query, field) -> given().auth().oauth2(TestTokens.customer(customer)).urlEncodingEnabled(false)
                .get("/api/orders?" + query).then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/validation"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field)));

        given().auth().oauth2(TestTokens.customer(customer)).urlEncodingEnabled(false)
                .get("/api/orders?page=99999&size=100").then().statusCode(200)
                .body("items", hasSize(0)).body("page", equalTo(99999)).body("size", equalTo(100));
    }

    @Test
    void withPaymentDownTheViewsStillAnswerWithPaymentUnknown() {
        String customer = customerWithCart(sku(), 10);
        UUID orderId = orderId(checkout(customer, UUID.randomUUID().toString(), "tok_visa"));
        standIns.payment.down();

        order(customer, orderId).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("lines", hasSize(1))
                .body("payment.status", equalTo("UNKNOWN"));
        given().auth().oauth2(TestTokens.customer(customer)).get("/api/orders").then().statusCode(200)
                .body("items[0].payment.status", equalTo("UNKNOWN"));
    }

    @Test
    void aPaymentServiceThatKeepsFailingIsCutOffByItsCircuitBreaker() {
        String customer = customerWithCart(sku(), 10);
        UUID orderId = orderId(checkout(customer, UUID.randomUUID().toString(), "tok_visa"));
        standIns.payment.down();

        // The breaker judges whole calls (each with its retries): it opens once a full window of views (10) failed.
        for (int i = 0; i < 10; i++) {
            order(customer, orderId).then().statusCode(200).body("payment.status", equalTo("UNKNOWN"));
        }

        assertThat(breakers.currentState("payment")).isEqualTo(CircuitBreakerState.OPEN);
        int callsBefore = standIns.payment.callsTo(0) + standIns.payment.callsTo(1);
        standIns.payment.up();
        // Open: the payment service is not even asked, the view answers at once.
        order(customer, orderId).then().statusCode(200).body("payment.status", equalTo("UNKNOWN"));
        assertThat(standIns.payment.callsTo(0) + standIns.payment.callsTo(1)).isEqualTo(callsBefore);
    }
}
