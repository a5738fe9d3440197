package dev.cubeshop.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

import dev.cubeshop.events.OrderCompleted;
import dev.cubeshop.events.OrderFailed;
import dev.cubeshop.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(StandIns.class)
class CheckoutResourceTest extends CheckoutTestSupport {
    private static final String PROBLEM = "application/problem+json";

    @Test
    void aFullCartBecomesACompletedOrderPricedByInventoryAndOrderCompletedIsPublished() throws Exception {
        String sku = sku();
        String customer = customerWithCart(sku, 10);
        try (EventProbe completed = EventProbe.on(OrderCompleted.TOPIC)) {
            Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_visa");

            answer.then().statusCode(201)
                    .header("Location", endsWith("/api/orders/" + answer.path("id")))
                    .body("status", equalTo("COMPLETED"))
                    .body("lines[0].sku", equalTo(sku))
                    .body("lines[0].name", equalTo("Cube " + sku))
                    .body("lines[0].unitPrice.amountMinor", equalTo(1999))
                    .body("total.amountMinor", equalTo(3998))
                    .body("total.currency", equalTo("EUR"))
                    .body("payment.status", equalTo("CAPTURED"));
            UUID orderId = orderId(answer);
            assertThat(standIns.inventory.status(orderId)).isEqualTo("COMMITTED");
            assertThat(standIns.payment.status(orderId)).isEqualTo("CAPTURED");
            assertThat(standIns.payment.chargeCalls(orderId)).isEqualTo(1);

            List<JsonNode> events = completed.await(orderId.toString(), Duration.ofSeconds(20));
            assertThat(events).hasSize(1);
            JsonNode event = events.get(0);
            assertThat(event.path("customerId").asText()).isEqualTo(customer);
            assertThat(event.path("total").path("amountMinor").asLong()).isEqualTo(3998);
            assertThat(event.path("lines").get(0).path("sku").asText()).isEqualTo(sku);
            assertThat(event.path("lines").get(0).path("quantity").asInt()).isEqualTo(2);
            assertThat(event.path("eventId").asText()).isNotBlank();
            assertThat(event.path("schemaVersion").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aDeclinedCardReleasesTheReservationAndPublishesOrderFailed() throws Exception {
        String sku = sku();
        String customer = customerWithCart(sku, 10);
        try (EventProbe failed = EventProbe.on(OrderFailed.TOPIC)) {
            Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_declined");

            answer.then().statusCode(402).contentType(PROBLEM)
                    .body("type", equalTo("https://cubeshop.dev/problems/payment-declined"))
                    .body("orderStatus", equalTo("PAYMENT_DECLINED"));
            UUID orderId = orderId(answer);
            assertThat(standIns.inventory.status(orderId)).isEqualTo("RELEASED");
            assertThat(standIns.inventory.reservedOf(sku)).isZero();
            order(customer, orderId).then().statusCode(200).body("status", equalTo("PAYMENT_DECLINED"))
                    .body("payment.status", equalTo("DECLINED"));

            List<JsonNode> events = failed.await(orderId.toString(), Duration.ofSeconds(20));
            assertThat(events).hasSize(1);
            assertThat(events.get(0).path("status").asText()).isEqualTo("PAYMENT_DECLINED");
            assertThat(events.get(0).path("reason").asText()).isEqualTo("payment-declined");
        }
    }

    @Test
    void missingStockRejectsTheOrderNamingTheSkuWithoutAnyChargeCall() {
        String sku = sku();
        String customer = customerWithCart(sku, 1);
        int chargesBefore = standIns.payment.allChargeCalls();

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_visa");

        answer.then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/insufficient-stock"))
                .body("detail", containsString(sku))
                .body("unavailable[0].sku", equalTo(sku))
                .body("unavailable[0].requested", equalTo(2))
                .body("unavailable[0].available", equalTo(1))
                .body("orderStatus", equalTo("REJECTED"));
        UUID orderId = orderId(answer);
        assertThat(standIns.payment.chargeCalls(orderId)).isZero();
        assertThat(standIns.payment.allChargeCalls()).isEqualTo(chargesBefore);
        assertThat(standIns.inventory.reservedOf(sku)).isZero();
    }

    @Test
    void anEmptyCartIsAConflict() {
        Response answer = checkout(customer(), UUID.randomUUID().toString(), "tok_visa");

        answer.then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/cart-empty"));
        assertThat(standIns.inventory.reserveCalls(orderId(answer))).isZero();
    }

    @Test
    void theSameKeyTwiceGivesOneOrderOneChargeAndTheSameAnswer() {
        String customer = customerWithCart(sku(), 10);
        String key = UUID.randomUUID().toString();

        Response first = checkout(customer, key, "tok_visa");
        Response second = checkout(customer, key, "tok_visa");

        first.then().statusCode(201);
        second.then().statusCode(201);
        assertThat(orderId(second)).isEqualTo(orderId(first));
        assertThat(second.jsonPath().getMap("$")).isEqualTo(first.jsonPath().getMap("$"));
        assertThat(standIns.payment.chargeCalls(orderId(first))).isEqualTo(1);
        given().auth().oauth2(TestTokens.customer(customer)).get("/api/orders").then().statusCode(200)
                .body("total", equalTo(1));
    }

    @Test
    void aRepeatedKeyForADeclinedCheckoutAnswersTheSameProblemWithoutChargingAgain() {
        String customer = customerWithCart(sku(), 10);
        String key = UUID.randomUUID().toString();

        Response first = checkout(customer, key, "tok_declined");
        Response second = checkout(customer, key, "tok_declined");

        first.then().statusCode(402);
        second.then().statusCode(402).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/payment-declined"));
        assertThat(orderId(second)).isEqualTo(orderId(first));
        assertThat(standIns.payment.chargeCalls(orderId(first))).isEqualTo(1);
    }

    @Test
    void tenConcurrentRequestsWithOneKeyGiveOneOrderOneChargeAndTheSameAnswer() throws Exception {
        String customer = customerWithCart(sku(), 10);
        String key = UUID.randomUUID().toString();
        int requests = 10;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(requests)) {
            for (int i = 0; i < requests; i++) {
                Callable<Response> call = () -> {
                    start.await();
                    return checkout(customer, key, "tok_visa");
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            Set<UUID> orderIds = new HashSet<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                response.then().statusCode(201).body("status", equalTo("COMPLETED"));
                orderIds.add(orderId(response));
            }
            assertThat(orderIds).hasSize(1);
            UUID orderId = orderIds.iterator().next();
            assertThat(standIns.payment.chargeCalls(orderId)).isEqualTo(1);
            assertThat(standIns.inventory.reserveCalls(orderId)).isEqualTo(1);
        }
        given().auth().oauth2(TestTokens.customer(customer)).get("/api/orders").then().statusCode(200)
                .body("total", equalTo(1));
    }

    @Test
    void theSameKeyWithAnotherPaymentTokenIsUnprocessableAndChangesNothing() {
        String customer = customerWithCart(sku(), 10);
        String key = UUID.randomUUID().toString();
        UUID orderId = orderId(checkout(customer, key, "tok_visa").then().statusCode(201).extract().response());

        checkout(customer, key, "tok_declined").then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/idempotency-key-reused"));
        assertThat(standIns.payment.chargeCalls(orderId)).isEqualTo(1);
        order(customer, orderId).then().body("status", equalTo("COMPLETED"));
    }

    @Test
    void badInputIsAProblemAndReservesNothing() {
        String customer = customerWithCart(sku(), 10);
        String token = TestTokens.customer(customer);

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"paymentToken\": \"tok_visa\"}")
                .post("/api/checkout").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/idempotency-key-required"));
        checkout(customer, "not-a-uuid", "tok_visa").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/idempotency-key-invalid"));
        checkout(customer, "1-2-3-4-5", "tok_visa").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/idempotency-key-invalid"));
        checkout(customer, UUID.randomUUID().toString(), "visa").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/validation"))
                .body("errors.field", hasItem("paymentToken"));
        given().auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body("{\"paymentToken\": ").post("/api/checkout")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/malformed-request"));

        given().auth().oauth2(token).get("/api/orders").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void withoutAValidTokenCheckoutIsUnauthorized() {
        given().header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
                .body("{\"paymentToken\": \"tok_visa\"}").post("/api/checkout")
                .then().statusCode(401).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/unauthorized"));
        given().auth().oauth2(TestTokens.forged(customer())).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body("{\"paymentToken\": \"tok_visa\"}").post("/api/checkout")
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.expired(customer())).get("/api/orders")
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void aPaymentSlowerThanTheTimeoutEndsCompletedWithExactlyOneCharge() {
        String customer = customerWithCart(sku(), 10);
        standIns.payment.slowDelay(Duration.ofMillis(1800));

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_slow");

        // The charge outlives its 1.2 s timeout; the saga asks the payment service and completes in the budget.
        answer.then().statusCode(201).body("status", equalTo("COMPLETED"));
        UUID orderId = orderId(answer);
        assertThat(standIns.payment.chargeCalls(orderId)).isEqualTo(1);
        assertThat(standIns.inventory.status(orderId)).isEqualTo("COMMITTED");
    }

    @Test
    void aPaymentSlowerThanTheBudgetIsSettledLaterWithExactlyOneCharge() {
        String customer = customerWithCart(sku(), 10);
        standIns.payment.slowDelay(Duration.ofSeconds(6));

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_slow");

        answer.then().statusCode(202).header("Location", endsWith("/api/orders/" + answer.path("id")))
                .body("status", equalTo("RESERVED"));
        UUID orderId = orderId(answer);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> order(customer, orderId).then()
                .body("status", equalTo("COMPLETED")).body("payment.status", equalTo("CAPTURED")));
        assertThat(standIns.payment.chargeCalls(orderId)).isEqualTo(1);
        assertThat(standIns.inventory.status(orderId)).isEqualTo("COMMITTED");
    }

    @Test
    void aChargeWhoseAnswerIsLostEndsFailedWithNoChargeAndNoStockHeld() {
        String sku = sku();
        String customer = customerWithCart(sku, 10);

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_lost");

        answer.then().statusCode(202).body("status", equalTo("RESERVED"));
        UUID orderId = orderId(answer);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> order(customer, orderId).then()
                .body("status", equalTo("FAILED")).body("payment.status", equalTo("NONE")));
        assertThat(standIns.payment.status(orderId)).isNull();
        assertThat(standIns.payment.chargeCalls(orderId)).isEqualTo(1);
        assertThat(standIns.inventory.status(orderId)).isEqualTo("RELEASED");
        assertThat(standIns.inventory.reservedOf(sku)).isZero();
    }

    @Test
    void paymentDownReleasesTheReservationAndAnswers503() {
        String sku = sku();
        String customer = customerWithCart(sku, 10);
        standIns.payment.down();

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_visa");

        answer.then().statusCode(503).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/dependency-unavailable"))
                .body("orderStatus", equalTo("FAILED"));
        UUID orderId = orderId(answer);
        assertThat(standIns.inventory.status(orderId)).isEqualTo("RELEASED");
        assertThat(standIns.inventory.reservedOf(sku)).isZero();
    }

    @Test
    void inventoryDownAnswers503AndChargesNothing() {
        String customer = customerWithCart(sku(), 10);
        standIns.inventory.down();
        int chargesBefore = standIns.payment.allChargeCalls();

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_visa");

        answer.then().statusCode(503).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/dependency-unavailable"))
                .body("orderStatus", equalTo("FAILED"));
        assertThat(standIns.payment.allChargeCalls()).isEqualTo(chargesBefore);
    }

    @Test
    void cartDownAnswers503AndReservesNothing() {
        String customer = customerWithCart(sku(), 10);
        standIns.cart.down();

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_visa");

        answer.then().statusCode(503).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/dependency-unavailable"));
        assertThat(standIns.inventory.reserveCalls(orderId(answer))).isZero();
    }

    @Test
    void aReservationThatExpiredBeforeTheCommitIsRefunded() throws Exception {
        String sku = sku();
        String customer = customerWithCart(sku, 10);
        String key = UUID.randomUUID().toString();
        try (EventProbe failed = EventProbe.on(OrderFailed.TOPIC)) {
            // The order id is only known once the saga runs: expire every reservation this customer makes.
            standIns.inventory.expireBeforeCommitFor(sku);

            Response answer = checkout(customer, key, "tok_visa");

            answer.then().statusCode(409).contentType(PROBLEM)
                    .body("type", equalTo("https://cubeshop.dev/problems/reservation-expired"))
                    .body("orderStatus", equalTo("FAILED"));
            UUID orderId = orderId(answer);
            assertThat(standIns.payment.status(orderId)).isEqualTo("REFUNDED");
            assertThat(standIns.inventory.status(orderId)).isEqualTo("EXPIRED");
            assertThat(failed.await(orderId.toString(), Duration.ofSeconds(20))).hasSize(1);
        }
    }

    @Test
    void aProviderErrorReleasesTheReservationAndAnswers503() {
        String sku = sku();
        String customer = customerWithCart(sku, 10);

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_error");

        answer.then().statusCode(503).contentType(PROBLEM)
                .body("type", equalTo("https://cubeshop.dev/problems/payment-failed"))
                .body("orderStatus", equalTo("FAILED"));
        assertThat(standIns.inventory.status(orderId(answer))).isEqualTo("RELEASED");
        assertThat(standIns.inventory.reservedOf(sku)).isZero();
    }

    @Test
    void aPaidOrderWhoseCommitFailsIsCompletedByRecoveryOnceInventoryAnswers() {
        String customer = customerWithCart(sku(), 10);
        standIns.inventory.fail("commit");

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_visa");

        answer.then().statusCode(202).body("status", equalTo("PAID")).body("payment.status", equalTo("CAPTURED"));
        UUID orderId = orderId(answer);
        standIns.inventory.heal();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> order(customer, orderId).then()
                .body("status", equalTo("COMPLETED")));
        assertThat(standIns.inventory.status(orderId)).isEqualTo("COMMITTED");
        assertThat(standIns.payment.chargeCalls(orderId)).isEqualTo(1);
    }

    @Test
    void aDeclineWhoseReleaseFailsIsCompensatedByRecoveryOnceInventoryAnswers() {
        String sku = sku();
        String customer = customerWithCart(sku, 10);
        standIns.inventory.fail("release");

        Response answer = checkout(customer, UUID.randomUUID().toString(), "tok_declined");

        // Declined, but the stock is still held: the order is not terminal until the release happened.
        answer.then().statusCode(202).body("status", equalTo("RESERVED"));
        UUID orderId = orderId(answer);
        standIns.inventory.heal();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> order(customer, orderId).then()
                .body("status", equalTo("PAYMENT_DECLINED")));
        assertThat(standIns.inventory.status(orderId)).isEqualTo("RELEASED");
        assertThat(standIns.inventory.reservedOf(sku)).isZero();
        assertThat(standIns.payment.chargeCalls(orderId)).isEqualTo(1);
    }

    @Test
    void callsAreBalancedAcrossTheReplicasOfADependency() {
        int[] before = {standIns.inventory.callsTo(0), standIns.inventory.callsTo(1), standIns.payment.callsTo(0),
                standIns.payment.callsTo(1)};
        for (int i = 0; i < 4; i++) {
            checkout(customerWithCart(sku(), 10), UUID.randomUUID().toString(), "tok_visa").then().statusCode(201);
        }
        assertThat(standIns.inventory.callsTo(0)).isGreaterThan(before[0]);
        assertThat(standIns.inventory.callsTo(1)).isGreaterThan(before[1]);
        assertThat(standIns.payment.callsTo(0)).isGreaterThan(before[2]);
        assertThat(standIns.payment.callsTo(1)).isGreaterThan(before[3]);
    }

    @Test
    void oneReplicaOfEachDependencyGoneFailsNoCheckoutAndOpensNoBreaker() {
        // A replica being restarted or dead refuses connections: the attempt moves to the next replica (nothing was
        // sent, so even the charge may), and the breaker, which judges whole calls, sees no failure.
        standIns.inventory.down(1);
        standIns.payment.down(0);
        try {
            for (int i = 0; i < 12; i++) {
                checkout(customerWithCart(sku(), 10), UUID.randomUUID().toString(), "tok_visa").then().statusCode(201);
            }
            assertThat(breakers.currentState("inventory")).isEqualTo(CircuitBreakerState.CLOSED);
            assertThat(breakers.currentState("payment")).isEqualTo(CircuitBreakerState.CLOSED);
        } finally {
            standIns.inventory.up();
            standIns.payment.up();
        }
    }
}
