package dev.cubeshop.events;

/** An integer amount in minor units (cents) and an ISO 4217 currency code. Never a float. */
public record Money(long amountMinor, String currency) {}
