package dev.cubeshop.checkout.clients;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;

import dev.cubeshop.checkout.Deadline;

/** What every client wrapper does with one HTTP call: bound it by the deadline and classify what went wrong. */
final class Calls {
    private Calls() {}

    static Response await(String dependency, Uni<Response> call, Deadline deadline, Duration timeout) {
        Duration wait = deadline.cap(timeout);
        if (wait.isZero()) {
            throw new BudgetSpentException(dependency);
        }
        try {
            return call.await().atMost(wait);
        } catch (TimeoutException e) {
            throw new DependencyException(dependency, true, "no answer within " + wait.toMillis() + " ms", e);
        } catch (DependencyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DependencyException(dependency, !neverSent(e), describe(e), e);
        }
    }

    /** The other side failed while handling the call: whatever it did may or may not have happened. */
    static DependencyException unexpected(String dependency, Response response) {
        return new DependencyException(dependency, true, "answered " + response.getStatus(), null);
    }

    /** A circuit breaker that is open rejects the call before anything is sent. */
    static DependencyException circuitOpen(String dependency, CircuitBreakerOpenException e) {
        return new CircuitOpenException(dependency, e);
    }

    static <T> T body(Response response, Class<T> type) {
        return response.readEntity(type);
    }

    /** The problem document of an error answer, if it has one. */
    static Optional<JsonNode> problem(Response response) {
        try {
            return Optional.ofNullable(response.readEntity(JsonNode.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The {@code <kind>} of a problem's type {@code https://cubeshop.dev/problems/<kind>}. */
    static String kind(Optional<JsonNode> problem) {
        return problem.map(p -> p.path("type").asText(""))
                .map(type -> type.substring(type.lastIndexOf('/') + 1))
                .filter(kind -> !kind.isEmpty())
                .orElse(null);
    }

    static String detail(Optional<JsonNode> problem) {
        return problem.map(p -> p.path("detail").asText(null)).orElse(null);
    }

    private static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (t instanceof ConnectException || name.startsWith("NoServiceInstance")
                    || name.startsWith("NoAcceptableServiceInstance")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
