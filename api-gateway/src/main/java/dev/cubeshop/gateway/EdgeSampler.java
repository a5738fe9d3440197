package dev.cubeshop.gateway;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * What is traced is decided at the edge, not by the caller. Behind the gateway every service samples as its parent did
 * (the platform's {@code parentbased_traceidratio}), so the gateway's decision holds for the whole trace. A caller's
 * {@code traceparent} is still continued (its trace id lets a client find its requests in our traces), but its sampled
 * flag is not obeyed: with it, any anonymous client could have every request traced and exported through every service
 * (a cheap way to load the tracing backend), or hide its requests from a sampled system by sending flags {@code 00}.
 *
 * <p>
 * The gateway's own ratio ({@code quarkus.otel.traces.sampler.arg}, as for every application) decides, by a random
 * draw per request rather than from the trace id, which the caller chose and could pick to fall under the ratio. Spans
 * under a span of this process (the proxy's client span) follow that span. Quarkus uses a {@link Sampler} bean in place
 * of the configured sampler and still drops the health and metrics endpoints.
 */
@Singleton
public class EdgeSampler implements Sampler {
    private final double ratio;

    EdgeSampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1") double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("quarkus.otel.traces.sampler.arg must be a ratio from 0 to 1, got "
                    + ratio);
        }
        this.ratio = ratio;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        SpanContext parent = Span.fromContext(parentContext).getSpanContext();
        boolean sampled = parent.isValid() && !parent.isRemote()
                ? parent.isSampled()
                : ratio > 0 && ThreadLocalRandom.current().nextDouble() < ratio;
        return sampled ? SamplingResult.recordAndSample() : SamplingResult.drop();
    }

    @Override
    public String getDescription() {
        return "EdgeSampler{ratio=" + ratio + ", remote parents' sampled flag ignored}";
    }
}
