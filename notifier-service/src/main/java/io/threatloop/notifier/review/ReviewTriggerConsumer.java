package io.threatloop.notifier.review;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.risk.RiskEvent;
import io.threatloop.eventstore.PollQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;

/**
 * Reads the model and risk streams for review triggers, the polls that gathered meanwhile at a
 * time; unreadable records go to their topic's DLQ.
 */
@ApplicationScoped
public class ReviewTriggerConsumer {

    private final PollQueue<Envelope<ModelEvent>> modelEvents;
    private final PollQueue<Envelope<RiskEvent>> riskChanges;

    @Inject
    ReviewTriggerConsumer(ReviewTaskHandler handler,
                    @ConfigProperty(name = "threatloop.consumers.gather", defaultValue = "50ms") Duration gather) {
        modelEvents = new PollQueue<>("a model event", record -> EventCodec.decode(record, ModelEvent.class),
                handler::handleAll, gather);
        riskChanges = new PollQueue<>("a risk event", record -> EventCodec.decode(record, RiskEvent.class),
                handler::handleAll, gather);
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
