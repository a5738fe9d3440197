package dev.cubeshop.platform;

import java.time.Duration;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Gives every application's {@code http.server.requests} timer histogram buckets
 * ({@code http_server_requests_seconds_bucket{le=...}}), so that {@code histogram_quantile(0.99, ...)} computes the p99
 * of a route across replicas. Fixed buckets rather than Micrometer's percentile histogram: that one publishes about 60
 * buckets per method × route × status, which would multiply the scrape; these twelve (and +Inf) cover a request's range (the
 * longest route timeout is 30 s) at the resolution an SLO needs.
 */
@Singleton
public class HttpServerHistograms implements MeterFilter {
    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    private static final double[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
            .mapToDouble(millis -> Duration.ofMillis(millis).toNanos()).toArray();

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() == Meter.Type.TIMER && HTTP_SERVER_REQUESTS.equals(id.getName())) {
            return DistributionStatisticConfig.builder().serviceLevelObjectives(BUCKETS).build().merge(config);
        }
        return config;
    }
}
