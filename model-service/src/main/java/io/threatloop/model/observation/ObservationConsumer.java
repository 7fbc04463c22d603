package io.threatloop.model.observation;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.observation.ObservationEvent;
import io.threatloop.eventstore.RecordBatches;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code api-observations} a poll at a time. A record that is not a valid observation, or
 * that cannot be applied, goes to {@code api-observations.dlq} alone, with the reason; the
 * others take effect.
 */
public class ObservationConsumer {

    @Inject
    ObservationHandler handler;

    @Incoming("observations")
    @ActivateRequestContext
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return RecordBatches.consume(batch, "an observation",
                record -> EventCodec.decode(record, ObservationEvent.class), handler::handleAll);
    }
}
