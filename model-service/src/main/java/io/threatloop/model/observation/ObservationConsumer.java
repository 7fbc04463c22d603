package io.threatloop.model.observation;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.observation.ObservationEvent;
import io.threatloop.eventstore.PollQueue;
import io.threatloop.eventstore.PollQueues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code api-observations}, the polls that gathered meanwhile at a time. A record that is
 * not a valid observation, or that cannot be applied, goes to {@code api-observations.dlq} alone,
 * with the reason; the others take effect.
 */
@ApplicationScoped
public class ObservationConsumer {

    private final PollQueue<Envelope<ObservationEvent>> polls;

    @Inject
    ObservationConsumer(ObservationHandler handler, PollQueues queues) {
        polls = queues.of("an observation", record -> EventCodec.decode(record, ObservationEvent.class),
                handler::handleAll);
    }

    @Incoming("observations")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return polls.offer(batch);
    }
}
