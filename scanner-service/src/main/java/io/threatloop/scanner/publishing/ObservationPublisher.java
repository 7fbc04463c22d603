package io.threatloop.scanner.publishing;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.threatloop.api.tracing.EventTracing;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.observation.ObservationEvent;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.sources.SourceObservation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import io.threatloop.scanner.git.ScannerConfig;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Publishes observations to {@code api-observations}, keyed by application id, and waits for
 * the broker's acknowledgement. The event id is derived from (repository, commit, path, type),
 * so anything published again after a restart carries the same id and model-service drops it.
 * <p>
 * Bounded: an observation is at most {@code threatloop.scanner.max-observation-bytes} characters
 * of JSON (16 Mi; the producer compresses it with gzip, and the broker takes at most its
 * {@code message.max.bytes}, 1 MiB by default, of compressed batch). An observation over either
 * limit is published as a {@code ScanFailed} naming the limit and the file instead, so the
 * source moves on to its next commit.
 */
@ApplicationScoped
public class ObservationPublisher {

    static final String SOURCE = "/threatloop/scanner-service";
    private static final Logger LOG = Logger.getLogger(ObservationPublisher.class);

    @Inject
    @Channel("observations")
    MutinyEmitter<String> emitter;

    @Inject
    ScannerConfig config;

    @Inject
    EventTracing tracing;

    /** Publishes the observation, or the {@code ScanFailed} that replaces one too large to publish; returns which. */
    public SourceObservation publish(SourceObservation observation) {
        return tracing.produce("scanner-service publish", observation.event().applicationId(), traceparent -> {
            try {
                send(observation, encoded(observation, traceparent));
                return observation;
            } catch (TooLarge e) {
                SourceObservation failed = tooLarge(observation, e.getMessage());
                send(failed, encoded(failed, traceparent));
                return failed;
            }
        });
    }

    private static Envelope<ObservationEvent> envelope(SourceObservation observation, String traceparent) {
        ObservationEvent data = observation.event();
        String id = Envelope.deterministicId("observation", data.source().repository(), observation.commitId(),
                observation.path(), data.getClass().getSimpleName());
        return Envelope.of(id, SOURCE, Instant.now(), observation.commitId(), observation.commitId(), traceparent,
                data);
    }

    private String encoded(SourceObservation observation, String traceparent) {
        int limit = config.maxObservationBytes();
        BoundedWriter out = new BoundedWriter(limit);
        try {
            EventCodec.encode(envelope(observation, traceparent), out);
        } catch (IllegalStateException e) {
            if (out.exceeded) {
                throw new TooLarge("its JSON exceeds the " + limit
                        + " characters an observation may have (threatloop.scanner.max-observation-bytes)");
            }
            throw e;
        }
        return out.toString();
    }

    private void send(SourceObservation observation, String json) {
        try {
            send(observation.event().applicationId(), json);
        } catch (RuntimeException e) {
            if (causedBy(e, RecordTooLargeException.class) && !(observation.event() instanceof ScanFailed)) {
                throw new TooLarge("Kafka refused it as too large (" + json.length() + " characters of JSON before"
                        + " compression; the topic takes 1 MiB compressed by default): " + e.getMessage());
            }
            throw e;
        }
    }

    private static SourceObservation tooLarge(SourceObservation observation, String why) {
        ObservationEvent event = observation.event();
        String what = event instanceof SpecObserved spec
                ? "the surface of " + observation.path() + " (" + spec.surface().operations().size() + " operations)"
                : "the " + event.getClass().getSimpleName() + " of " + observation.path();
        String reason = what + " is too large to publish: " + why
                + "; split the API description into several files of separate specs";
        LOG.warnf("%s at commit %s", reason, observation.commitId());
        return new SourceObservation(observation.commitId(), observation.path(),
                new ScanFailed(event.applicationId(), event.source(), reason, observation.path()));
    }

    /** Publishes with the given id; {@code cause} is the source revision (commit id, resourceVersion). */
    public Envelope<ObservationEvent> publish(ObservationEvent data, String id, String cause) {
        return tracing.produce("scanner-service publish", data.applicationId(), traceparent -> {
            Envelope<ObservationEvent> event = Envelope.of(id, SOURCE, Instant.now(), cause, cause, traceparent, data);
            send(data.applicationId(), EventCodec.encode(event));
            return event;
        });
    }

    private void send(String key, String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", Envelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build();
        emitter.sendMessage(Message.of(json, Metadata.of(metadata))).await().atMost(Duration.ofSeconds(30));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /** Collects the JSON and stops (by throwing) as soon as it grows beyond the limit, before it fills the heap. */
    private static final class BoundedWriter extends Writer {
        private final StringBuilder text = new StringBuilder(4096);
        private final int limit;
        private boolean exceeded;

        BoundedWriter(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws java.io.IOException {
            reserve(length);
            text.append(chars, offset, length);
        }

        @Override
        public void write(String chars, int offset, int length) throws java.io.IOException {
            reserve(length);
            text.append(chars, offset, length);
        }

        private void reserve(int length) throws java.io.IOException {
            if (text.length() + length > limit) {
                exceeded = true;
                throw new java.io.IOException("beyond " + limit + " characters");
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
