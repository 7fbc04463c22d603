package io.threatloop.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event (structured JSON mode) carrying one threatloop event.
 *
 * @param id            unique per event; consumers use it as the idempotency key
 * @param source        which scanner or service produced it, e.g. {@code /threatloop/model-service}
 * @param type          stable type name from {@link EventCatalog}, never a Java class name
 * @param time          when the producer decided the event
 * @param subject       the application id, also the Kafka record key
 * @param dataschema    {@code urn:threatloop:<type>:<version>}
 * @param causationid   id of what caused this event: an event id, or for an observation the
 *                      source revision (git commit id, Kubernetes resourceVersion)
 * @param correlationid shared by every event that descends from one observation
 * @param traceparent   the W3C trace context of the span that produced the event (CloudEvents
 *                      distributed-tracing extension), so one commit's observation, model events,
 *                      risk changes and review tasks are one trace; null when tracing is off
 */
public record Envelope<T extends EventData>(
        String id,
        String source,
        String type,
        Instant time,
        String subject,
        String dataschema,
        String causationid,
        String correlationid,
        String traceparent,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (traceparent != null && !isTraceparent(traceparent)) {
            throw new IllegalArgumentException("traceparent is not a W3C trace context: " + traceparent);
        }
    }

    /**
     * Whether {@code value} is a version-00 W3C {@code traceparent} with a valid trace and span id.
     * A reader drops any other value (the W3C rule: start a new trace), it never refuses the event.
     * Checked by hand: every event read and built checks it, and a regular expression was 1-2 % of
     * a consumer's CPU.
     */
    public static boolean isTraceparent(String value) {
        return value != null && value.length() == 55 && value.startsWith("00-") && value.charAt(35) == '-'
                && value.charAt(52) == '-' && nonZeroDigits(value, 3, 35) > 0 && nonZeroDigits(value, 36, 52) > 0
                && nonZeroDigits(value, 53, 55) >= 0;
    }

    /** How many of the characters from {@code from} to {@code to} are non-zero lower-case hex digits; -1 if one is no such digit. */
    private static int nonZeroDigits(String value, int from, int to) {
        int nonZero = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return -1;
            }
            nonZero += c == '0' ? 0 : 1;
        }
        return nonZero;
    }

    /** The 32 hex digits of the trace id in {@code traceparent}, or null without one. */
    public String traceId() {
        return traceparent == null ? null : traceparent.substring(3, 35);
    }

    /** This event with {@code traceparent} as its trace context. */
    public Envelope<T> withTraceparent(String traceparent) {
        return new Envelope<>(id, source, type, time, subject, dataschema, causationid, correlationid, traceparent,
                data);
    }

    /** A new event whose type and schema come from the catalogue entry of {@code data}. */
    public static <T extends EventData> Envelope<T> of(String id, String source, Instant time,
                                                       String causationId, String correlationId, T data) {
        EventCatalog.Entry entry = EventCatalog.entryFor(data.getClass());
        return of(id, source, time, causationId, correlationId, null, data);
    }

    /** A new event in the trace of {@code traceparent} (null: none). */
    public static <T extends EventData> Envelope<T> of(String id, String source, Instant time, String causationId,
                                                       String correlationId, String traceparent, T data) {
        EventCatalog.Entry entry = EventCatalog.entryFor(data.getClass());
        return new Envelope<>(id, source, entry.type(), time, data.applicationId(), entry.dataschema(),
                causationId, correlationId, traceparent, data);
    }

    /**
     * A new event caused by {@code cause}: same correlation id, causation id = the cause's id, and
     * the cause's trace context until the producer gives it its own span's.
     */
    public static <T extends EventData> Envelope<T> causedBy(Envelope<?> cause, String id, String source,
                                                             Instant time, T data) {
        return of(id, source, time, cause.id(), cause.correlationid(), cause.traceparent(), data);
    }

    /** A random event id, for producers that have no natural deterministic one. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * A deterministic id derived from its inputs, so that a producer which runs the same
     * decision twice (after a crash or a redelivery) emits the same id and consumers drop it.
     */
    public static String deterministicId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }
}
