package dev.cubeshop.checkout.clients;

/**
 * A dependency did not give an answer. {@link #mayHaveHappened()} tells whether the request may have taken effect
 * anyway (it was sent, the answer was lost or late): the saga must then ask before it decides. When the request was
 * never sent (connection refused, circuit open, budget spent), nothing happened on the other side.
 */
public class DependencyException extends RuntimeException {
    private final String dependency;
    private final boolean mayHaveHappened;

    public DependencyException(String dependency, boolean mayHaveHappened, String message, Throwable cause) {
        super(dependency + ": " + message, cause);
        this.dependency = dependency;
        this.mayHaveHappened = mayHaveHappened;
    }

    public String dependency() {
        return dependency;
    }

    public boolean mayHaveHappened() {
        return mayHaveHappened;
    }
}
