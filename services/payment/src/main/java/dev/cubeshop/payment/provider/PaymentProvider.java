package dev.cubeshop.payment.provider;

import java.util.Optional;
import java.util.UUID;

/**
 * A payment provider. {@link SandboxPaymentProvider} is the only implementation today; an adapter for a real provider
 * replaces it (an {@code @Alternative} bean with a priority) without touching the service.
 */
public interface PaymentProvider {

    /**
     * Charges once and answers definitely, or throws when the outcome is unknown (the connection was lost): the
     * payment then stays PENDING until {@link #findCharge(UUID)} tells.
     */
    ChargeAnswer charge(ProviderCharge charge);

    /** The outcome of an earlier charge with this idempotency key, if the provider received one. */
    Optional<ChargeAnswer> findCharge(UUID idempotencyKey);

    /** Refunds a captured charge in full. Refunding a charge again answers with the first refund. */
    RefundAnswer refund(String chargeReference);
}
