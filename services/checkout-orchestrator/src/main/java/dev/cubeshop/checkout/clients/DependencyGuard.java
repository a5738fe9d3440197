package dev.cubeshop.checkout.clients;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.smallrye.faulttolerance.api.Guard;

import dev.cubeshop.checkout.config.CheckoutConfig;

/**
 * The one place where a dependency's calls get their circuit breaker and, for idempotent calls only, their retries.
 * Timeouts come from the request's deadline ({@link Calls#await}). One breaker per dependency, named after it, shared
 * by all of that dependency's calls: a dependency that is down fails fast for every step.
 */
final class DependencyGuard {
    private final String dependency;
    private final Guard breaker;
    private final Guard retry;

    DependencyGuard(String dependency, CheckoutConfig.Resilience config) {
        this.dependency = dependency;
        this.breaker = Guard.create()
                .withDescription(dependency)
                .withCircuitBreaker()
                .name(dependency)
                .requestVolumeThreshold(config.requestVolumeThreshold())
                .failureRatio(config.failureRatio())
                .delay(config.openFor().toMillis(), ChronoUnit.MILLIS)
                .failOn(DependencyException.class)
                // A spent budget says nothing about the dependency's health.
                .skipOn(BudgetSpentException.class)
                .done()
                .build();
        this.retry = Guard.create()
                .withDescription(dependency + " (idempotent)")
                .withRetry()
                .maxRetries(config.retries())
                .delay(config.retryDelay().toMillis(), ChronoUnit.MILLIS)
                .jitter(config.retryDelay().toMillis() / 2, ChronoUnit.MILLIS)
                .retryOn(DependencyException.class)
                .abortOn(List.of(BudgetSpentException.class, CircuitOpenException.class))
                .done()
                .build();
    }

    /** A call that must not be repeated blindly (the charge): breaker only. */
    <T> T once(Supplier<T> call) {
        return guarded(call);
    }

    /** A call the other side makes idempotent (same order id, same effect): breaker and retries. */
    <T> T idempotent(Supplier<T> call) {
        AtomicBoolean anyMayHaveHappened = new AtomicBoolean();
        try {
            return retry.get(() -> {
                try {
                    return guarded(call);
                } catch (DependencyException e) {
                    anyMayHaveHappened.compareAndSet(false, e.mayHaveHappened());
                    throw e;
                }
            }, type());
        } catch (DependencyException e) {
            if (!e.mayHaveHappened() && anyMayHaveHappened.get()) {
                // The last attempt was refused, but an earlier one was sent and its answer lost.
                throw new DependencyException(dependency, true, e.getMessage(), e);
            }
            throw e;
        }
    }

    private <T> T guarded(Supplier<T> call) {
        try {
            return breaker.get(call, type());
        } catch (CircuitBreakerOpenException e) {
            throw Calls.circuitOpen(dependency, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> type() {
        return (Class<T>) Object.class;
    }
}
