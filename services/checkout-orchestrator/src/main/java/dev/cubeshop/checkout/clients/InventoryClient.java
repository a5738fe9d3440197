package dev.cubeshop.checkout.clients;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cubeshop.checkout.Deadline;
import dev.cubeshop.checkout.Failure;
import dev.cubeshop.checkout.config.CheckoutConfig;

/**
 * Inventory's reservations as the saga needs them. Every call is idempotent per order id (docs/contracts.md), so every
 * call is retried; domain answers (not enough stock, not committable) are results, not failures of the dependency.
 */
@ApplicationScoped
public class InventoryClient {
    static final String NAME = "inventory";
    private final InventoryApi api;
    private final CheckoutConfig config;
    private final DependencyGuard guard;

    InventoryClient(@RestClient InventoryApi api, CheckoutConfig config) {
        this.api = api;
        this.config = config;
        this.guard = new DependencyGuard(NAME, config.resilience());
    }

    public sealed interface ReserveOutcome {
    }

    public record Reserved(ReservationView reservation) implements ReserveOutcome {}

    public record Insufficient(List<Failure.Unavailable> unavailable) implements ReserveOutcome {}

    /** Inventory refused the lines for another reason (unknown product, conflicting reservation). */
    public record Refused(int status, String kind, String detail) implements ReserveOutcome {}

    public enum CommitOutcome {
        COMMITTED, NOT_COMMITTABLE, NOT_FOUND
    }

    public enum ReleaseOutcome {
        RELEASED, NOT_FOUND, ALREADY_COMMITTED
    }

    public ReserveOutcome reserve(UUID orderId, List<ReserveRequest.Line> lines, Deadline deadline) {
        return guard.idempotent(() -> {
            Response response = Calls.await(NAME, api.reserve(new ReserveRequest(orderId, lines)), deadline,
                    config.timeouts().inventory());
            int status = response.getStatus();
            if (status == 200 || status == 201) {
                return new Reserved(Calls.body(response, ReservationView.class));
            }
            if (status >= 500) {
                throw Calls.unexpected(NAME, response);
            }
            Optional<JsonNode> problem = Calls.problem(response);
            String kind = Calls.kind(problem);
            if ("insufficient-stock".equals(kind)) {
                return new Insufficient(unavailable(problem.get()));
            }
            return new Refused(status, kind, Calls.detail(problem));
        });
    }

    public CommitOutcome commit(UUID orderId, Deadline deadline) {
        return guard.idempotent(() -> {
            Response response = Calls.await(NAME, api.commit(orderId), deadline, config.timeouts().inventory());
            return switch (response.getStatus()) {
                case 200 -> CommitOutcome.COMMITTED;
                case 409 -> CommitOutcome.NOT_COMMITTABLE;
                case 404 -> CommitOutcome.NOT_FOUND;
                default -> throw Calls.unexpected(NAME, response);
            };
        });
    }

    public ReleaseOutcome release(UUID orderId, Deadline deadline) {
        return guard.idempotent(() -> {
            Response response = Calls.await(NAME, api.release(orderId), deadline, config.timeouts().inventory());
            return switch (response.getStatus()) {
                case 200 -> ReleaseOutcome.RELEASED;
                case 404 -> ReleaseOutcome.NOT_FOUND;
                case 409 -> ReleaseOutcome.ALREADY_COMMITTED;
                default -> throw Calls.unexpected(NAME, response);
            };
        });
    }

    private static List<Failure.Unavailable> unavailable(JsonNode problem) {
        List<Failure.Unavailable> lines = new ArrayList<>();
        for (JsonNode line : problem.path("unavailable")) {
            lines.add(new Failure.Unavailable(line.path("sku").asText(), line.path("requested").asInt(),
                    line.path("available").asInt()));
        }
        return lines;
    }
}
