package dev.cubeshop.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import dev.cubeshop.events.PaymentCaptured;
import dev.cubeshop.payment.provider.PaymentProvider;
import dev.cubeshop.payment.provider.ProviderCharge;

/**
 * A process that dies during the provider call leaves its payment PENDING. These tests build exactly that state (the
 * row the first step commits, and the provider's record of the charge if the call reached it) and let the recovery job
 * settle it.
 */
@QuarkusTest
class PaymentRecoveryTest {
    @Inject
    PaymentRecovery recovery;
    @Inject
    PaymentProvider provider;
    @Inject
    Payments payments;
    @Inject
    EntityManager entityManager;

    @Test
    void aPaymentAbandonedAfterTheProviderChargedIsCapturedWithThatCharge() {
        UUID orderId = UUID.randomUUID();
        // Provider first: a scheduled recovery run between the two steps must not find the row without the charge.
        String reference = provider.charge(new ProviderCharge(orderId, 1999, "EUR", "tok_visa")).reference();
        abandonedPending(orderId, 10);

        recovery.recover(Instant.now().minusSeconds(60));

        given().get("/internal/payments/" + orderId).then().statusCode(200)
                .body("status", equalTo("CAPTURED")).body("providerReference", equalTo(reference));
        assertThat(payments.inOutbox(orderId, PaymentCaptured.TOPIC)).isEqualTo(1);
        assertThat(payments.providerCharges(orderId)).isEqualTo(1);
    }

    @Test
    void aPaymentAbandonedAfterTheProviderDeclinedIsDeclined() {
        UUID orderId = UUID.randomUUID();
        provider.charge(new ProviderCharge(orderId, 1999, "EUR", "tok_insufficient_funds"));
        abandonedPending(orderId, 10);

        recovery.recover(Instant.now().minusSeconds(60));

        given().get("/internal/payments/" + orderId).then().statusCode(200)
                .body("status", equalTo("DECLINED")).body("declineReason", equalTo("insufficient-funds"));
    }

    @Test
    void aPaymentAbandonedBeforeTheProviderWasCalledFailsWithoutACharge() {
        UUID orderId = abandonedPending(UUID.randomUUID(), 10);

        recovery.recover(Instant.now().minusSeconds(60));

        given().get("/internal/payments/" + orderId).then().statusCode(200).body("status", equalTo("FAILED"));
        assertThat(payments.providerCharges(orderId)).isZero();
        assertThat(payments.inOutbox(orderId, PaymentCaptured.TOPIC)).isZero();
    }

    @Test
    void aRecentPendingPaymentIsLeftToTheCallThatIsStillRunning() {
        UUID orderId = abandonedPending(UUID.randomUUID(), 0);

        recovery.recover(Instant.now().minusSeconds(60));

        given().get("/internal/payments/" + orderId).then().statusCode(200).body("status", equalTo("PENDING"));
    }

    private UUID abandonedPending(UUID orderId, int minutesAgo) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                insert into payment (order_id, amount_minor, currency, status, created_at, updated_at)
                values (:id, 1999, 'EUR', 'PENDING', now() - make_interval(mins => :minutes),
                        now() - make_interval(mins => :minutes))
                """).setParameter("id", orderId).setParameter("minutes", minutesAgo).executeUpdate());
        return orderId;
    }
}
