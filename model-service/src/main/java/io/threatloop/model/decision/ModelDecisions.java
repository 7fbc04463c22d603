package io.threatloop.model.decision;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.Inbox;
import io.threatloop.eventstore.UniqueViolation;
import io.threatloop.model.domain.ThreatModel;
import io.threatloop.model.persistence.ModelEventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one way a threat model changes, for observations and for people's commands alike: load,
 * decide, append (with the outbox and the projections), in one transaction. A concurrent writer
 * that wins the version race (or, for a message, the inbox) makes it retry from a fresh load, so
 * a decision is made on the state it lands on and never lost; a message is decided at most once.
 */
@ApplicationScoped
public class ModelDecisions {

    @Inject
    ModelEventStore store;

    @Inject
    Inbox inbox;

    /**
     * Why a decision is made: its causation and correlation ids, and for a message the consumer
     * that must process it only once (null for a request, which has no redelivery).
     */
    public record Origin(String causationId, String correlationId, String consumer, String messageId) {

        public static Origin message(String consumer, Envelope<?> message) {
            return new Origin(message.id(), message.correlationid(), consumer, message.id());
        }

        public static Origin request() {
            return new Origin(null, Envelope.newId(), null, null);
        }
    }

    /** What a decision stored, and the model after it. */
    public record Applied(ThreatModel model, List<Envelope<ModelEvent>> events) {
    }

    /**
     * Decides with {@code decider} on the current state of {@code applicationId}'s model and
     * stores what it decided. Empty when the message was processed before. A {@code decider}
     * that throws (a command rejected) rolls everything back.
     */
    public Uni<Optional<Applied>> decide(String applicationId, Function<ThreatModel, ThreatModel.Decided> decider,
                                         Origin origin) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> firstTime(origin).chain(first -> !first
                        ? Uni.createFrom().item(Optional.<Applied>empty())
                        : store.load(applicationId).chain(model -> {
                            ThreatModel.Decided decided = decider.apply(model);
                            return store.append(model, decided, origin.causationId(), origin.correlationId())
                                    .map(events -> Optional.of(new Applied(decided.after(), events)));
                        }).call(() -> origin.consumer() == null ? Uni.createFrom().voidItem()
                                : inbox.record(origin.consumer(), origin.messageId())))))
                .onFailure(UniqueViolation::in).retry().atMost(UniqueViolation.MAX_RETRIES);
    }

    private Uni<Boolean> firstTime(Origin origin) {
        return origin.consumer() == null ? Uni.createFrom().item(true)
                : inbox.alreadyProcessed(origin.consumer(), origin.messageId()).map(done -> !done);
    }
}
