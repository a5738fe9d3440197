package dev.cubeshop.checkout;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * How sagas end: {@code cubeshop_saga_outcomes_total{status}} and {@code cubeshop_saga_duration_seconds{status}}
 * (from the order's creation to its terminal state, recovery included), one series per terminal {@link OrderStatus}.
 * The timer publishes a histogram, so {@code histogram_quantile(0.99, ...)} gives the p99 across replicas. Every
 * series exists from start-up, so a rate is 0 rather than absent before the first outcome of its kind.
 */
@ApplicationScoped
public class SagaMetrics {
    static final String OUTCOMES = "cubeshop.saga.outcomes";
    static final String DURATION = "cubeshop.saga.duration";

    private final Map<OrderStatus, Counter> outcomes = new EnumMap<>(OrderStatus.class);
    private final Map<OrderStatus, Timer> durations = new EnumMap<>(OrderStatus.class);

    SagaMetrics(MeterRegistry registry) {
        for (OrderStatus status : OrderStatus.values()) {
            if (!status.terminal()) {
                continue;
            }
            outcomes.put(status, Counter.builder(OUTCOMES).tag("status", status.name())
                    .description("Sagas that reached a terminal status").register(registry));
            // The bounds keep the histogram to the buckets a checkout can fall in (its budget is seconds, recovery
            // takes over after half a minute), which keeps the scrape small.
            durations.put(status, Timer.builder(DURATION).tag("status", status.name())
                    .description("From order creation to its terminal status")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofMinutes(2))
                    .register(registry));
        }
    }

    /** A saga ended in {@code status} (a terminal one) after {@code took}. */
    void ended(OrderStatus status, Duration took) {
        Counter outcome = outcomes.get(status);
        if (outcome != null) {
            outcome.increment();
            durations.get(status).record(took.isNegative() ? Duration.ZERO : took);
        }
    }
}
