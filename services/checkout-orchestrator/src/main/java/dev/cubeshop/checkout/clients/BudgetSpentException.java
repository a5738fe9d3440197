package dev.cubeshop.checkout.clients;

/** Nothing is left of the request's budget: the call was not even sent. Not the dependency's fault. */
public class BudgetSpentException extends DependencyException {
    public BudgetSpentException(String dependency) {
        super(dependency, false, "the request budget is spent", null);
    }
}
