package dev.cubeshop.payment;

import static dev.cubeshop.payment.Payments.charge;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class ConcurrentChargeTest {
    private static final int CALLERS = 20;

    @Inject
    Payments payments;

    record Answer(int status, String paymentStatus, String providerReference) {
        static Answer of(Response response) {
            return new Answer(response.statusCode(), response.path("status"), response.path("providerReference"));
        }
    }

    @Test
    void twentyConcurrentIdenticalChargesMakeOnePaymentAndOneProviderChargeWithOneOutcome() throws Exception {
        UUID orderId = UUID.randomUUID();

        List<Answer> answers = all(() -> Answer.of(charge(orderId, "tok_visa")));

        assertThat(answers).extracting(Answer::paymentStatus).containsOnly("CAPTURED");
        assertThat(answers).extracting(Answer::providerReference).doesNotContainNull().containsOnly(
                answers.get(0).providerReference());
        assertThat(answers).extracting(Answer::status).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
        assertThat(payments.providerCharges(orderId)).isEqualTo(1);
    }

    @Test
    void twentyConcurrentIdenticalDeclinedChargesAskTheProviderOnceAndAreAllDeclined() throws Exception {
        UUID orderId = UUID.randomUUID();

        List<Answer> answers = all(() -> {
            Response response = charge(orderId, "tok_declined");
            return new Answer(response.statusCode(), response.path("payment.status"), response.path("reason"));
        });

        assertThat(answers).containsOnly(new Answer(402, "DECLINED", "card-declined"));
        assertThat(payments.providerCharges(orderId)).isEqualTo(1);
    }

    @Test
    void twentyConcurrentRefundsRefundOnce() throws Exception {
        UUID orderId = UUID.randomUUID();
        charge(orderId, "tok_visa").then().statusCode(201);

        List<Answer> answers = all(
                () -> Answer.of(given().post("/internal/payments/" + orderId + "/refund")));

        assertThat(answers).extracting(Answer::status).containsOnly(200);
        assertThat(answers).extracting(Answer::paymentStatus).containsOnly("REFUNDED");
        assertThat(payments.providerRefundRequests(orderId)).isEqualTo(1);
        assertThat(payments.providerRefunds(orderId)).isEqualTo(1);
    }

    private static List<Answer> all(Callable<Answer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
