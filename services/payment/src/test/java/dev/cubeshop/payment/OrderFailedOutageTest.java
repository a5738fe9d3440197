package dev.cubeshop.payment;

import static dev.cubeshop.payment.Payments.charge;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.cubeshop.events.OrderFailed;
import dev.cubeshop.testing.DatabaseOutageContract;
import dev.cubeshop.testing.ProxiedDatabase;
import dev.cubeshop.testing.TopicReader;

/**
 * The database goes away (its line cut, through {@link ProxiedDatabase}) while an OrderFailed event arrives, for
 * seconds on end: the refund the event asks for is made when the database returns, and the event never reaches the
 * dead-letter topic. A poison message beside it still goes there at once.
 */
@QuarkusTest
@TestProfile(DatabaseOutageContract.BehindProxy.class)
class OrderFailedOutageTest {
    private static final Duration OUTAGE = Duration.ofSeconds(12);
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    private static final String DLQ = "checkout.order-failed.v1.dlq";

    @Inject
    Payments payments;
    @Inject
    ObjectMapper json;

    @Test
    void aRefundOwedWhileTheDatabaseIsGoneIsMadeWhenItReturnsAndOnlyPoisonIsDeadLettered() throws Exception {
        assumeTrue(ProxiedDatabase.available(), "needs a configured database (./cubeshop test)");
        UUID earlier = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        String key = orderId.toString();
        charge(earlier, "tok_visa").then().statusCode(201);
        charge(orderId, "tok_visa").then().statusCode(201);
        // A first event on the same key, applied with the database up: the consumer reads this key's partition, so
        // the events below reach it during the outage rather than after it.
        Topics.send(OrderFailed.TOPIC, key, failed(earlier));
        await().atMost(EVENTUALLY).untilAsserted(() -> given().get("/internal/payments/" + earlier).then()
                .body("status", equalTo("REFUNDED")));

        String poison = "{ this is not an event " + UUID.randomUUID();
        ProxiedDatabase.proxy().cut();
        try {
            long cutAt = System.nanoTime();
            Topics.send(OrderFailed.TOPIC, key, poison);
            Topics.send(OrderFailed.TOPIC, key, failed(orderId));
            // Poison needs no database to be recognised: it is dead-lettered during the outage.
            await().atMost(EVENTUALLY)
                    .until(() -> !TopicReader.valuesWithKey(Topics.bootstrapServers(), DLQ, key).isEmpty());
            // The outage itself: it lasts, whatever the assertions above took.
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - cutAt).toMillis()));
        } finally {
            ProxiedDatabase.proxy().restore();
        }

        await().atMost(EVENTUALLY).untilAsserted(() -> given().get("/internal/payments/" + orderId).then()
                .body("status", equalTo("REFUNDED")));
        assertThat(payments.providerRefunds(orderId)).isEqualTo(1);
        // containsOnly: at-least-once, a rebalance may dead-letter the poison twice; the good event must never be there.
        assertThat(TopicReader.valuesWithKey(Topics.bootstrapServers(), DLQ, key))
                .as("what reached the dead-letter topic with this key").containsOnly(poison);
    }

    private String failed(UUID orderId) throws Exception {
        return json.writeValueAsString(OrderFailed.of(orderId, "alice", "FAILED", "reservation expired"));
    }
}
