package io.threatloop.risk.scoring;

import io.smallrye.mutiny.Uni;
import io.threatloop.eventstore.TransientFailures;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Reads {@code threatmodel-events}; what cannot be read or scored goes to its DLQ with the reason. */
public class ModelEventConsumer {

    private static final Logger LOG = Logger.getLogger(ModelEventConsumer.class);

    @Inject
    RiskHandler handler;

    @Incoming("model-events")
    @ActivateRequestContext
    public Uni<Void> consume(String record) {
        return TransientFailures.retried("a model event", () -> Uni.createFrom()
                        .item(() -> EventCodec.decode(record, ModelEvent.class))
                        .chain(handler::handle))
                .onFailure().invoke(failure -> LOG.warnf("model event sent to threatmodel-events.dlq: %s",
                        failure.getMessage()))
                .replaceWithVoid();
    }
}
