package dev.cubeshop.checkout.clients;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.smallrye.faulttolerance.api.Guard;

import dev.cubeshop.checkout.config.CheckoutConfig;

/**
 * The one place where a dependency's calls get their circuit breaker and their retries. Timeouts come from the
 * request's deadline ({@link Calls#await}). One breaker per dependency, named after it, shared by all of that
 * dependency's calls: a dependency that is down fails fast for every step.
 *
 * <p>
 * The breaker wraps the retries, so it judges whole calls, not attempts: with client-side balancing an attempt that
 * reaches a replica being restarted is retried on the next one, and one replica going away must not open the breaker
 * for the whole dependency. Idempotent calls are retried after any failure; every call, the charge included, is retried
 * after a failure that provably sent nothing (a refused connection), since nothing can have happened.
 */
final class DependencyGuard {
    private final String dependency;
    private final Guard breaker;
    private final Guard retry;
    private final Guard retryUnsent;

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
        this.retry = retries(dependency + " (idempotent)", config, e -> e instanceof DependencyException);
        this.retryUnsent = retries(dependency + " (refused)", config,
                e -> e instanceof DependencyException d && !d.mayHaveHappened());
    }

    private static Guard retries(String description, CheckoutConfig.Resilience config, Predicate<Throwable> when) {
        return Guard.create()
                .withDescription(description)
                .withRetry()
                .maxRetries(config.retries())
                .delay(config.retryDelay().toMillis(), ChronoUnit.MILLIS)
                .jitter(config.retryDelay().toMillis() / 2, ChronoUnit.MILLIS)
                .whenException(e -> when.test(e) && !(e instanceof BudgetSpentException))
                .done()
                .build();
    }

    /** A call that must not be repeated blindly (the charge): retried only when nothing was sent. */
    <T> T once(Supplier<T> call) {
        return guarded(() -> retryUnsent.get(call::get, type()));
    }

    /** A call the other side makes idempotent (same order id, same effect): retried after any failure. */
    <T> T idempotent(Supplier<T> call) {
        AtomicBoolean anyMayHaveHappened = new AtomicBoolean();
        return guarded(() -> {
            try {
                return retry.get(() -> {
                    try {
                        return call.get();
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
        });
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
