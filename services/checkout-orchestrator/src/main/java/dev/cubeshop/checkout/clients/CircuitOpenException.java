package dev.cubeshop.checkout.clients;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** The dependency's circuit breaker is open: the call was rejected before anything was sent. */
public class CircuitOpenException extends DependencyException {
    public CircuitOpenException(String dependency, CircuitBreakerOpenException cause) {
        super(dependency, false, "circuit breaker open", cause);
    }
}
