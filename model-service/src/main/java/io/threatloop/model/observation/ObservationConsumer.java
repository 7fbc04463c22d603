package io.threatloop.model.observation;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.observation.ObservationEvent;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code api-observations}. A record that is not a valid observation, or that cannot be
 * applied, fails here and goes to {@code api-observations.dlq} with the reason; the consumer
 * carries on with the next record.
 */
public class ObservationConsumer {

    @Inject
    ObservationHandler handler;

    @Incoming("observations")
    @ActivateRequestContext
    public Uni<Void> consume(String record) {
        return Uni.createFrom().item(() -> EventCodec.decode(record, ObservationEvent.class))
                .chain(handler::handle)
                .replaceWithVoid();
    }
}
