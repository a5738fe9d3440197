package dev.cubeshop.payment.provider;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.cubeshop.payment.config.PaymentConfig;

/**
 * A deterministic stand-in for a payment provider, driven by test tokens. It keeps what a real provider keeps on its
 * side, in its own tables ({@code sandbox_charge}, {@code sandbox_refund}), committed independently of the caller's
 * transaction, exactly as a remote provider's records would be. Every request is recorded, never deduplicated, so
 * tests can count the charges the service asked for.
 */
@ApplicationScoped
public class SandboxPaymentProvider implements PaymentProvider {
    private static final Logger LOG = Logger.getLogger(SandboxPaymentProvider.class);

    /** The documented test tokens; any other well-formed token is declined like an unknown card. */
    enum TestToken {
        VISA("tok_visa"), DECLINED("tok_declined"), INSUFFICIENT_FUNDS("tok_insufficient_funds"), SLOW(
                "tok_slow"), ERROR("tok_error");

        final String token;

        TestToken(String token) {
            this.token = token;
        }

        static Optional<TestToken> of(String token) {
            return Arrays.stream(values()).filter(t -> t.token.equals(token)).findFirst();
        }
    }

    private final EntityManager entityManager;
    private final Duration slowDelay;

    SandboxPaymentProvider(EntityManager entityManager, PaymentConfig config) {
        this.entityManager = entityManager;
        this.slowDelay = config.sandbox().slowDelay();
    }

    @Override
    public ChargeAnswer charge(ProviderCharge charge) {
        Optional<TestToken> token = TestToken.of(charge.paymentToken());
        String reference = "sb_ch_" + UUID.randomUUID().toString().replace("-", "");
        ChargeAnswer answer = token.map(t -> switch (t) {
            case VISA, SLOW -> (ChargeAnswer) new ChargeAnswer.Approved(reference);
            case DECLINED -> new ChargeAnswer.Declined(reference, DeclineReason.CARD_DECLINED);
            case INSUFFICIENT_FUNDS -> new ChargeAnswer.Declined(reference, DeclineReason.INSUFFICIENT_FUNDS);
            case ERROR -> new ChargeAnswer.Failed(reference, "sandbox provider error (HTTP 500)");
        }).orElseGet(() -> new ChargeAnswer.Declined(reference, DeclineReason.CARD_DECLINED));
        // Only documented test-token names are ever written; anything else a client sent stays unnamed.
        String tokenName = token.map(t -> t.token).orElse("unknown");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                insert into sandbox_charge
                    (idempotency_key, token_name, amount_minor, currency, outcome, decline_reason, reference)
                values (:key, :token, :amount, :currency, :outcome, :reason, :reference)
                """)
                .setParameter("key", charge.idempotencyKey())
                .setParameter("token", tokenName)
                .setParameter("amount", charge.amountMinor())
                .setParameter("currency", charge.currency())
                .setParameter("outcome", outcome(answer))
                .setParameter("reason", answer instanceof ChargeAnswer.Declined d ? d.reason().code() : null)
                .setParameter("reference", reference)
                .executeUpdate());
        LOG.debugf("Sandbox charge %s with %s: %s", charge.idempotencyKey(), tokenName, outcome(answer));
        if (token.equals(Optional.of(TestToken.SLOW))) {
            // The money is taken; only the answer is late, as with a real provider under load.
            sleep(slowDelay);
        }
        return answer;
    }

    @Override
    public Optional<ChargeAnswer> findCharge(UUID idempotencyKey) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                    select outcome, decline_reason, reference from sandbox_charge
                    where idempotency_key = :key order by id limit 1
                    """).setParameter("key", idempotencyKey).getResultList();
            return rows.stream().findFirst().map(row -> {
                String reference = (String) row[2];
                return switch ((String) row[0]) {
                    case "APPROVED" -> new ChargeAnswer.Approved(reference);
                    case "DECLINED" -> new ChargeAnswer.Declined(reference,
                            "insufficient-funds".equals(row[1])
                                    ? DeclineReason.INSUFFICIENT_FUNDS
                                    : DeclineReason.CARD_DECLINED);
                    default -> new ChargeAnswer.Failed(reference, "sandbox provider error (HTTP 500)");
                };
            });
        });
    }

    @Override
    public RefundAnswer refund(String chargeReference) {
        return QuarkusTransaction.requiringNew().call(() -> {
            long approved = ((Number) entityManager.createNativeQuery(
                    "select count(*) from sandbox_charge where reference = :ref and outcome = 'APPROVED'")
                    .setParameter("ref", chargeReference).getSingleResult()).longValue();
            @SuppressWarnings("unchecked")
            List<String> earlier = entityManager.createNativeQuery("""
                    select reference from sandbox_refund
                    where charge_reference = :ref and outcome = 'REFUNDED' order by id limit 1
                    """).setParameter("ref", chargeReference).getResultList();
            String outcome;
            String reference;
            if (approved == 0) {
                outcome = "UNKNOWN_CHARGE";
                reference = null;
            } else if (!earlier.isEmpty()) {
                outcome = "ALREADY_REFUNDED";
                reference = earlier.get(0);
            } else {
                outcome = "REFUNDED";
                reference = "sb_re_" + UUID.randomUUID().toString().replace("-", "");
            }
            entityManager.createNativeQuery("""
                    insert into sandbox_refund (charge_reference, outcome, reference)
                    values (:charge, :outcome, :reference)
                    """)
                    .setParameter("charge", chargeReference)
                    .setParameter("outcome", outcome)
                    .setParameter("reference", reference)
                    .executeUpdate();
            return reference == null
                    ? new RefundAnswer.Rejected("no captured charge " + chargeReference)
                    : new RefundAnswer.Refunded(reference);
        });
    }

    private static String outcome(ChargeAnswer answer) {
        return switch (answer) {
            case ChargeAnswer.Approved a -> "APPROVED";
            case ChargeAnswer.Declined d -> "DECLINED";
            case ChargeAnswer.Failed f -> "ERROR";
        };
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
