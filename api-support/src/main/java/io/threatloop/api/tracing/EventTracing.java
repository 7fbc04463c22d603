package io.threatloop.api.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Function;

/**
 * One span per hop of an event's way (scan, decide, score, review), its trace context carried in
 * the CloudEvent's {@code traceparent} rather than in Kafka headers: an event waits in the outbox
 * and is sent by the relay, whose own context has nothing to do with what caused the event. So
 * a commit's observation, the model events it caused, their risk changes and review tasks are
 * one trace. With the SDK off (the default) the spans are no-ops and an incoming context is
 * passed on unchanged.
 */
@ApplicationScoped
public class EventTracing {

    static final AttributeKey<String> APPLICATION = AttributeKey.stringKey("threatloop.application.id");
    static final AttributeKey<String> CAUSE = AttributeKey.stringKey("threatloop.cause.id");

    @Inject
    Tracer tracer;

    /**
     * Runs {@code work} as a hop caused by {@code cause}: a span that is a child of the cause's
     * {@code traceparent} (of the current span when it has none), ended when the work ends; the
     * work gets the span's traceparent to put on what it produces.
     */
    public <T> Uni<T> hop(String name, Envelope<?> cause, Function<String, Uni<T>> work) {
        return hop(name, cause.subject(), cause.id(), cause.traceparent(), work);
    }

    /** {@link #hop(String, Envelope, Function)} for a cause known by its id and trace context. */
    public <T> Uni<T> hop(String name, String applicationId, String causeId, String traceparent,
                          Function<String, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Context parent = traceparent == null ? Context.current() : remote(traceparent);
            var builder = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.CONSUMER);
            if (applicationId != null) {
                builder.setAttribute(APPLICATION, applicationId);
            }
            if (causeId != null) {
                builder.setAttribute(CAUSE, causeId);
            }
            Span span = builder.startSpan();
            return work.apply(traceparent(span))
                    .onTermination().invoke((item, failure, cancelled) -> end(span, failure));
        });
    }

    /**
     * Runs blocking {@code work} as the root of a new trace (one per unit of work, such as a
     * commit: a history replay of a thousand commits must not be one trace), linked to the
     * current span if any; the span is current while the work runs, so what it publishes joins it.
     */
    public <T, E extends Exception> T newTrace(String name, String applicationId, Work<T, E> work) throws E {
        var builder = tracer.spanBuilder(name).setNoParent().setSpanKind(SpanKind.INTERNAL);
        SpanContext current = Span.current().getSpanContext();
        if (current.isValid()) {
            builder.addLink(current);
        }
        if (applicationId != null) {
            builder.setAttribute(APPLICATION, applicationId);
        }
        return inSpan(builder.startSpan(), work);
    }

    /**
     * Runs blocking {@code work} that produces an event in a span under the current one (a new
     * trace without one); the work gets the span's traceparent for the event.
     */
    public <T, E extends Exception> T produce(String name, String applicationId, Work<T, E> work) throws E {
        Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.PRODUCER).setAttribute(APPLICATION, applicationId)
                .startSpan();
        return inSpan(span, work);
    }

    /** The current span's context as a {@code traceparent}, null outside a span or with tracing off. */
    public static String currentTraceparent() {
        return traceparent(Span.current());
    }

    /** Blocking work in a span; it gets the span's traceparent. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run(String traceparent) throws E;
    }

    private static <T, E extends Exception> T inSpan(Span span, Work<T, E> work) throws E {
        Throwable failure = null;
        try (Scope ignored = span.makeCurrent()) {
            return work.run(traceparent(span));
        } catch (Exception | Error e) { // only marks the span failed: the caller's own handling still gets it
            failure = e;
            throw e;
        } finally {
            end(span, failure);
        }
    }

    private static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure).setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
        span.end();
    }

    static String traceparent(Span span) {
        SpanContext context = span.getSpanContext();
        return context.isValid()
                ? "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex()
                : null;
    }

    /** A remote parent from a traceparent the envelope has already checked for form. */
    static Context remote(String traceparent) {
        SpanContext context = SpanContext.createFromRemoteParent(traceparent.substring(3, 35),
                traceparent.substring(36, 52), TraceFlags.fromHex(traceparent, 53), TraceState.getDefault());
        return Context.root().with(Span.wrap(context));
    }
}
