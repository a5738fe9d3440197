package dev.cubeshop.payment;

import static dev.cubeshop.payment.Payments.charge;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.cubeshop.events.PaymentCaptured;
import dev.cubeshop.events.PaymentRefunded;

/**
 * With the broker unreachable, charges and refunds still succeed, their events wait in the outbox, and they are
 * published once the broker is back. The shared broker is never stopped: only the relay's line to it is cut.
 */
@QuarkusTest
@TestProfile(BrokerOutageTest.RelayLineCut.class)
class BrokerOutageTest {

    public static class RelayLineCut implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(BrokerLineCut.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // Fail fast while cut, so the relay retries several times during the test.
            return Map.of("cubeshop.outbox.send-timeout", "1s");
        }
    }

    @Inject
    Payments payments;

    @Test
    void eventsWaitInTheOutboxWhileTheBrokerIsUnreachableAndArePublishedWhenItReturns() throws Exception {
        UUID orderId = UUID.randomUUID();
        charge(orderId, "tok_visa").then().statusCode(201);
        given().post("/internal/payments/" + orderId + "/refund").then().statusCode(200);

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> payments.pendingInOutbox(orderId) == 2);

        try (Topics topics = new Topics(PaymentCaptured.TOPIC, PaymentRefunded.TOPIC)) {
            assertThat(topics.records(PaymentCaptured.TOPIC, orderId.toString())).isEmpty();
            BrokerLineCut.proxy().restore();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(topics.records(PaymentCaptured.TOPIC, orderId.toString())).isNotEmpty();
                assertThat(topics.records(PaymentRefunded.TOPIC, orderId.toString())).isNotEmpty();
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> payments.pendingInOutbox(orderId) == 0);
    }
}
