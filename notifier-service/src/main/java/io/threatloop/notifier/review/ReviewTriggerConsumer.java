package io.threatloop.notifier.review;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.risk.RiskEvent;
import io.threatloop.eventstore.PollQueue;
import io.threatloop.eventstore.PollQueues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the model and risk streams for review triggers, the polls that gathered meanwhile at a
 * time; unreadable records go to their topic's DLQ.
 */
@ApplicationScoped
public class ReviewTriggerConsumer {

    private final PollQueue<Envelope<ModelEvent>> modelEvents;
    private final PollQueue<Envelope<RiskEvent>> riskChanges;

    @Inject
    ReviewTriggerConsumer(ReviewTaskHandler handler, PollQueues queues) {
        modelEvents = queues.of("a model event", record -> EventCodec.decode(record, ModelEvent.class),
                handler::handleAll);
        riskChanges = queues.of("a risk event", record -> EventCodec.decode(record, RiskEvent.class),
                handler::handleAll);
    }

    @Incoming("model-events")
    public Uni<Void> onModelEvents(KafkaRecordBatch<String, String> batch) {
        return modelEvents.offer(batch);
    }

    @Incoming("risk-changes")
    public Uni<Void> onRiskChanges(KafkaRecordBatch<String, String> batch) {
        return riskChanges.offer(batch);
    }
}
