package dev.cubeshop.events;

/** Naming rule for dead-letter topics: {@code <topic>.dlq}. */
public final class Topics {
    private Topics() {}

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
