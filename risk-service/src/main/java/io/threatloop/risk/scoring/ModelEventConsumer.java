package io.threatloop.risk.scoring;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads {@code threatmodel-events}; what cannot be read or scored goes to its DLQ with the reason. */
public class ModelEventConsumer {

    @Inject
    RiskHandler handler;

    @Incoming("model-events")
    @ActivateRequestContext
    public Uni<Void> consume(String record) {
        return Uni.createFrom().item(() -> EventCodec.decode(record, ModelEvent.class))
                .chain(handler::handle)
                .replaceWithVoid();
    }
}
