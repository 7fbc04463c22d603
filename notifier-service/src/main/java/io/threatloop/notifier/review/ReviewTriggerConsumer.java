package io.threatloop.notifier.review;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.risk.RiskEvent;
import io.threatloop.eventstore.RecordBatches;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads the model and risk streams for review triggers, a poll at a time; unreadable records go to their topic's DLQ. */
public class ReviewTriggerConsumer {

    @Inject
    ReviewTaskHandler handler;

    @Incoming("model-events")
    @ActivateRequestContext
    public Uni<Void> onModelEvents(KafkaRecordBatch<String, String> batch) {
        return RecordBatches.consume(batch, "a model event", record -> EventCodec.decode(record, ModelEvent.class),
                handler::handleAll);
    }

    @Incoming("risk-changes")
    @ActivateRequestContext
    public Uni<Void> onRiskChanges(KafkaRecordBatch<String, String> batch) {
        return RecordBatches.consume(batch, "a risk event", record -> EventCodec.decode(record, RiskEvent.class),
                handler::handleAll);
    }
}
