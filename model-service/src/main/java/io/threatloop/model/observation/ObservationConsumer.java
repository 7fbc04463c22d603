package io.threatloop.model.observation;

import io.smallrye.mutiny.Uni;
import io.threatloop.eventstore.TransientFailures;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.observation.ObservationEvent;
import jakarta.enterprise.context.control.ActivateRequestContext;
import io.threatloop.contracts.InvalidEventException;
import io.threatloop.contracts.Topics;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code api-observations}. A record that is not a valid observation, or that cannot be
 * applied, fails here and goes to {@code api-observations.dlq} with the reason; the consumer
 * carries on with the next record.
 */
public class ObservationConsumer {

    private static final Logger LOG = Logger.getLogger(ObservationConsumer.class);

    @Inject
    ObservationHandler handler;

    @Incoming("observations")
    @ActivateRequestContext
    public Uni<Void> consume(String record) {
        return TransientFailures.retried("an observation", () -> Uni.createFrom()
                        .item(() -> EventCodec.decode(record, ObservationEvent.class))
                        .chain(handler::handle))
                // a broken record is explained by its message; anything else gets its stack trace
                .onFailure().invoke(e -> LOG.warnf(e instanceof InvalidEventException ? null : e,
                        "observation not applied, sent to %s.dlq: %s", Topics.API_OBSERVATIONS, e.toString()))
                .replaceWithVoid();
    }
}
