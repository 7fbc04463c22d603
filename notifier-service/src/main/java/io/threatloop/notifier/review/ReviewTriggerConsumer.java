package io.threatloop.notifier.review;

import io.smallrye.mutiny.Uni;
import io.threatloop.eventstore.TransientFailures;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.risk.RiskEvent;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Reads the model and risk streams for review triggers; unreadable records go to their topic's DLQ. */
public class ReviewTriggerConsumer {

    private static final Logger LOG = Logger.getLogger(ReviewTriggerConsumer.class);

    @Inject
    ReviewTaskHandler handler;

    @Incoming("model-events")
    @ActivateRequestContext
    public Uni<Void> onModelEvent(String record) {
        return TransientFailures.retried("a model event", () -> Uni.createFrom()
                        .item(() -> EventCodec.decode(record, ModelEvent.class)).chain(handler::handle))
                .onFailure().invoke(e -> LOG.warnf("model event sent to threatmodel-events.dlq: %s", e.getMessage()));
    }

    @Incoming("risk-changes")
    @ActivateRequestContext
    public Uni<Void> onRiskChange(String record) {
        return TransientFailures.retried("a risk event", () -> Uni.createFrom()
                        .item(() -> EventCodec.decode(record, RiskEvent.class)).chain(handler::handle))
                .onFailure().invoke(e -> LOG.warnf("risk event sent to risk-changes.dlq: %s", e.getMessage()));
    }
}
