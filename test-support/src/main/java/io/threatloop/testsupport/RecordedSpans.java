package io.threatloop.testsupport;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.inject.Singleton;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The spans a service under test ended (the last 10,000), for asserting that a trace survives
 * each hop. A bean of the service's tests (this module is indexed): quarkus-opentelemetry adds
 * every SpanProcessor bean to its tracer provider. It records, it stands in for no server.
 */
@Singleton
public class RecordedSpans implements SpanProcessor {

    private static final int KEPT = 10_000;

    private final Deque<SpanData> ended = new ArrayDeque<>();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public synchronized void onEnd(ReadableSpan span) {
        ended.addLast(span.toSpanData());
        if (ended.size() > KEPT) {
            ended.removeFirst();
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** The ended span with this id. */
    public synchronized Optional<SpanData> withId(String spanId) {
        return ended.stream().filter(span -> span.getSpanId().equals(spanId)).findFirst();
    }

    /** The ended spans of one trace, in the order they ended. */
    public synchronized List<SpanData> ofTrace(String traceId) {
        return ended.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    /** The ended span that made an event with this {@code traceparent}. */
    public Optional<SpanData> madeFor(String traceparent) {
        return withId(traceparent.substring(36, 52));
    }
}
