package dev.cubeshop.payment;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Test helper: drives the internal API and reads the sandbox provider's records (its side of every charge). */
@ApplicationScoped
public class Payments {
    private final EntityManager entityManager;

    Payments(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    static Map<String, Object> charge(UUID orderId, long amountMinor, String currency, String token) {
        return Map.of("orderId", orderId.toString(),
                "amount", Map.of("amountMinor", amountMinor, "currency", currency),
                "paymentToken", token);
    }

    static Response post(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/internal/payments");
    }

    static Response charge(UUID orderId, String token) {
        return post(charge(orderId, 1999, "EUR", token));
    }

    /** Charge requests the sandbox provider received for this order. */
    long providerCharges(UUID orderId) {
        return count("select count(*) from sandbox_charge where idempotency_key = :id", orderId);
    }

    /** Refund requests the sandbox provider received for the charge of this order, and how many moved money. */
    long providerRefundRequests(UUID orderId) {
        return count("""
                select count(*) from sandbox_refund r join sandbox_charge c on c.reference = r.charge_reference
                where c.idempotency_key = :id
                """, orderId);
    }

    long providerRefunds(UUID orderId) {
        return count("""
                select count(*) from sandbox_refund r join sandbox_charge c on c.reference = r.charge_reference
                where c.idempotency_key = :id and r.outcome = 'REFUNDED'
                """, orderId);
    }

    long pendingInOutbox(UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select count(*) from outbox where message_key = :id and published_at is null")
                .setParameter("id", orderId.toString()).getSingleResult()).longValue());
    }

    long inOutbox(UUID orderId, String topic) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select count(*) from outbox where message_key = :id and topic = :topic")
                .setParameter("id", orderId.toString()).setParameter("topic", topic)
                .getSingleResult()).longValue());
    }

    private long count(String sql, UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter("id", orderId).getSingleResult()).longValue());
    }
}
