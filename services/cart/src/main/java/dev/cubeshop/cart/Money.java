package dev.cubeshop.cart;

/** An integer amount in minor units (cents) and an ISO 4217 currency code, as in docs/contracts.md. Never a float. */
public record Money(long amountMinor, String currency) {

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money times(int quantity) {
        return new Money(Math.multiplyExact(amountMinor, quantity), currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
    }
}
