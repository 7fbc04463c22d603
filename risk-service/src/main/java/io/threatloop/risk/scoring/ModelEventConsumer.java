package io.threatloop.risk.scoring;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.PollQueue;
import io.threatloop.eventstore.PollQueues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code threatmodel-events}, the polls that gathered meanwhile at a time; what cannot be
 * read or scored goes to its DLQ with the reason.
 */
@ApplicationScoped
public class ModelEventConsumer {

    private final PollQueue<Envelope<ModelEvent>> polls;

    @Inject
    ModelEventConsumer(RiskHandler handler, PollQueues queues) {
        polls = queues.of("a model event", record -> EventCodec.decode(record, ModelEvent.class),
                handler::handleAll);
    }

    @Incoming("model-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return polls.offer(batch);
    }
}
