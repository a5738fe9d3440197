package dev.cubeshop.checkout.clients;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cubeshop.checkout.Deadline;
import dev.cubeshop.checkout.config.CheckoutConfig;
import dev.cubeshop.events.Money;

/**
 * The payment service as the saga needs it. The charge is never retried here: when its answer is lost, the saga asks
 * with {@link #find} what happened before it decides. Reads and refunds are idempotent and retried.
 */
@ApplicationScoped
public class PaymentClient {
    static final String NAME = "payment";
    private final PaymentApi api;
    private final CheckoutConfig config;
    private final ObjectMapper json;
    private final DependencyGuard guard;

    PaymentClient(@RestClient PaymentApi api, CheckoutConfig config, ObjectMapper json) {
        this.api = api;
        this.config = config;
        this.json = json;
        this.guard = new DependencyGuard(NAME, config.resilience());
    }

    public enum RefundOutcome {
        REFUNDED, NOT_REFUNDABLE, NOT_FOUND
    }

    /**
     * Charges once. The answer is the payment as the service recorded it: CAPTURED, DECLINED, FAILED (provider error
     * or a refused request) or PENDING (the provider has not answered yet; ask again with {@link #find}).
     */
    public PaymentView charge(UUID orderId, Money amount, String paymentToken, Deadline deadline) {
        return guard.once(() -> {
            Response response = Calls.await(NAME, api.charge(new ChargeRequest(orderId, amount, paymentToken)),
                    deadline, config.timeouts().payment());
            int status = response.getStatus();
            if (status == 200 || status == 201 || status == 202) {
                return Calls.body(response, PaymentView.class);
            }
            Optional<JsonNode> problem = Calls.problem(response);
            String kind = Calls.kind(problem);
            if (status == 402) {
                return paymentIn(problem).orElse(PaymentView.of(orderId, PaymentView.DECLINED,
                        problem.map(p -> p.path("reason").asText(null)).orElse(null)));
            }
            if ("payment-provider-error".equals(kind)) {
                return paymentIn(problem).orElse(PaymentView.of(orderId, PaymentView.FAILED, kind));
            }
            if (status >= 500 || "payment-conflict".equals(kind)) {
                // A conflict means a payment for this order already exists (money may have been taken): as with a
                // 5xx, the saga must ask the payment service what happened instead of assuming nothing was charged.
                throw Calls.unexpected(NAME, response);
            }
            // 400: the request itself was refused, nothing was charged.
            return PaymentView.of(orderId, PaymentView.FAILED, kind);
        });
    }

    /** The payment of an order, or empty when the payment service has none. */
    public Optional<PaymentView> find(UUID orderId, Deadline deadline) {
        return guard.idempotent(() -> {
            Response response = Calls.await(NAME, api.find(orderId), deadline, config.timeouts().payment());
            return switch (response.getStatus()) {
                case 200 -> Optional.of(Calls.body(response, PaymentView.class));
                case 404 -> Optional.<PaymentView>empty();
                default -> throw Calls.unexpected(NAME, response);
            };
        });
    }

    public RefundOutcome refund(UUID orderId, Deadline deadline) {
        return guard.idempotent(() -> {
            Response response = Calls.await(NAME, api.refund(orderId), deadline, config.timeouts().payment());
            return switch (response.getStatus()) {
                case 200 -> RefundOutcome.REFUNDED;
                case 409 -> RefundOutcome.NOT_REFUNDABLE;
                case 404 -> RefundOutcome.NOT_FOUND;
                default -> throw Calls.unexpected(NAME, response);
            };
        });
    }

    private Optional<PaymentView> paymentIn(Optional<JsonNode> problem) {
        return problem.map(p -> p.get("payment")).filter(p -> p != null && p.isObject())
                .map(p -> json.convertValue(p, PaymentView.class));
    }
}
