package dev.cubeshop.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;

class EdgeSamplerTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private static Context callerSent(boolean sampled) {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE, SPAN,
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault())));
    }

    private static Context underOwnSpan(boolean sampled) {
        return Context.root().with(Span.wrap(SpanContext.create(TRACE, SPAN,
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault())));
    }

    private static boolean samples(EdgeSampler sampler, Context parent, String traceId) {
        return sampler.shouldSample(parent, traceId, "GET /api/products", SpanKind.SERVER, Attributes.empty(),
                List.of()).getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
    }

    @Test
    void aCallersSampledFlagDoesNotGetItsRequestTracedAtRatioZero() {
        EdgeSampler sampler = new EdgeSampler(0);

        assertThat(samples(sampler, callerSent(true), TRACE)).isFalse();
        assertThat(samples(sampler, Context.root(), TRACE)).isFalse();
    }

    @Test
    void aCallerCannotHideItsRequestFromTracingAtRatioOne() {
        EdgeSampler sampler = new EdgeSampler(1);

        assertThat(samples(sampler, callerSent(false), TRACE)).isTrue();
        assertThat(samples(sampler, Context.root(), TRACE)).isTrue();
    }

    @Test
    void spansUnderTheGatewaysOwnSpanFollowIt() {
        assertThat(samples(new EdgeSampler(0), underOwnSpan(true), TRACE)).isTrue();
        assertThat(samples(new EdgeSampler(1), underOwnSpan(false), TRACE)).isFalse();
    }

    @Test
    void theRatioIsADrawPerRequestSoNoTraceIdTheCallerPicksIsAlwaysSampled() {
        EdgeSampler sampler = new EdgeSampler(0.5);
        // The trace id that traceidratio samples first of all (its lower half is 0) and an arbitrary one.
        for (String traceId : List.of("00000000000000000000000000000001",
                UUID.randomUUID().toString().replace("-", ""))) {
            int sampled = 0;
            for (int i = 0; i < 2_000; i++) {
                if (samples(sampler, callerSent(true), traceId)) {
                    sampled++;
                }
            }
            assertThat(sampled).as("requests of trace %s sampled out of 2000", traceId).isBetween(800, 1200);
        }
    }

    @Test
    void aRatioOutsideZeroToOneIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new EdgeSampler(1.5)).hasMessageContaining("from 0 to 1");
        assertThatThrownBy(() -> new EdgeSampler(Double.NaN)).hasMessageContaining("from 0 to 1");
    }
}
