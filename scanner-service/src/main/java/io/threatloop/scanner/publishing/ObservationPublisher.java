package io.threatloop.scanner.publishing;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.observation.ObservationEvent;
import io.threatloop.sources.SourceObservation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Publishes observations to {@code api-observations}, keyed by application id, and waits for
 * the broker's acknowledgement. The event id is derived from (repository, commit, path, type),
 * so anything published again after a restart carries the same id and model-service drops it.
 */
@ApplicationScoped
public class ObservationPublisher {

    static final String SOURCE = "/threatloop/scanner-service";

    @Inject
    @Channel("observations")
    MutinyEmitter<String> emitter;

    public Envelope<ObservationEvent> publish(SourceObservation observation) {
        ObservationEvent data = observation.event();
        String id = Envelope.deterministicId("observation", data.source().repository(), observation.commitId(),
                observation.path(), data.getClass().getSimpleName());
        return publish(data, id, observation.commitId());
    }

    /** Publishes with the given id; {@code cause} is the source revision (commit id, resourceVersion). */
    public Envelope<ObservationEvent> publish(ObservationEvent data, String id, String cause) {
        Envelope<ObservationEvent> event = Envelope.of(id, SOURCE, Instant.now(), cause, cause, data);
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", Envelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(data.applicationId())
                .withHeaders(headers)
                .build();
        emitter.sendMessage(Message.of(EventCodec.encode(event), Metadata.of(metadata)))
                .await().atMost(Duration.ofSeconds(30));
        return event;
    }
}
