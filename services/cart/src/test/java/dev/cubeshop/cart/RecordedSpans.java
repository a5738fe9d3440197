package dev.cubeshop.cart;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/** Every span the application under test ends, kept in memory (Quarkus adds SpanProcessor beans to its tracer). */
@ApplicationScoped
public class RecordedSpans implements SpanProcessor {
    private static final List<SpanData> ended = new CopyOnWriteArrayList<>();

    static List<SpanData> ofTrace(String traceId) {
        return ended.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        ended.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }
}
