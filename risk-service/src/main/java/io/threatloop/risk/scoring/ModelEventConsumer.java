package io.threatloop.risk.scoring;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.RecordBatches;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads {@code threatmodel-events} a poll at a time; what cannot be read or scored goes to its DLQ with the reason. */
public class ModelEventConsumer {

    @Inject
    RiskHandler handler;

    @Incoming("model-events")
    @ActivateRequestContext
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return RecordBatches.consume(batch, "a model event", record -> EventCodec.decode(record, ModelEvent.class),
                handler::handleAll);
    }
}
