package io.threatloop.model.decision;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.threatloop.api.tracing.EventTracing;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.ExactlyOnce;
import io.threatloop.eventstore.Inbox;
import io.threatloop.eventstore.Outbox;
import io.threatloop.eventstore.UniqueViolation;
import io.threatloop.model.domain.ThreatModel;
import io.threatloop.model.persistence.ModelEventStore;
import io.threatloop.model.persistence.RecentModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one way a threat model changes, for observations and for people's commands alike: load,
 * decide, append (with the projections) and queue the events in the outbox, in one transaction. A concurrent writer
 * that wins the version race (or, for a message, the inbox) makes it retry from a fresh load, so
 * a decision is made on the state it lands on and never lost; a message is decided at most once.
 */
@ApplicationScoped
public class ModelDecisions {

    @Inject
    ModelEventStore store;

    @Inject
    Inbox inbox;

    @Inject
    EventTracing tracing;

    @Inject
    RecentModels recentModels;

    @Inject
    Outbox outbox;

    /**
     * Why a decision is made: its causation and correlation ids, the message's id (null for a
     * request) and the trace context its events continue.
     */
    public record Origin(String causationId, String correlationId, String messageId, String traceparent) {

        public static Origin message(Envelope<?> message) {
            return new Origin(message.id(), message.correlationid(), message.id(), message.traceparent());
        }

        /** A request's: its events join the trace of the request's span. */
        public static Origin request() {
            return new Origin(null, Envelope.newId(), null, EventTracing.currentTraceparent());
        }
    }

    /** What a decision stored, and the model after it. */
    public record Applied(ThreatModel model, List<Envelope<ModelEvent>> events) {
    }

    /**
     * Decides a request with {@code decider} on the current state of {@code applicationId}'s model
     * and stores what it decided (a request is not redelivered: no inbox). A {@code decider} that
     * throws (a command rejected) rolls everything back.
     */
    public Uni<Applied> decide(String applicationId, Function<ThreatModel, ThreatModel.Decided> decider, Origin origin) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> store.load(applicationId).chain(model -> {
                    ThreatModel.Decided decided = decider.apply(model);
                    return store.append(model, decided, origin.causationId(), origin.correlationId(),
                                    origin.traceparent())
                            .call(outbox::enqueue)
                            .map(events -> new Applied(decided.after(), events));
                })))
                .onFailure(UniqueViolation::in).retry().atMost(UniqueViolation.MAX_RETRIES)
                .invoke(applied -> recentModels.committed(applied.model()));
    }

    /** One message's decision in a batch: the model it is for and how to decide on it. */
    public record Pending(String applicationId, Function<ThreatModel, ThreatModel.Decided> decider, Origin origin) {
    }

    /**
     * Decides a batch of messages for {@code consumer} in one transaction: one inbox query for all,
     * each model loaded once and its state after a decision kept for the batch's next message on
     * it, one inbox write. What was processed before is skipped. A concurrent writer that wins a
     * race retries the whole batch from fresh loads; a decider that throws fails the batch (the
     * caller then goes message by message).
     */
    public Uni<List<Applied>> decideAll(String consumer, List<Pending> batch) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> {
                    Map<String, Pending> byId = new LinkedHashMap<>();
                    batch.forEach(pending -> byId.putIfAbsent(pending.origin().messageId(), pending));
                    return inbox.processedAmong(consumer, byId.keySet()).chain(done -> {
                        List<Pending> fresh = byId.values().stream()
                                .filter(pending -> !done.contains(pending.origin().messageId())).toList();
                        Map<String, ThreatModel> models = new HashMap<>();
                        List<Applied> applied = new ArrayList<>();
                        return ExactlyOnce.inOrder(fresh, pending -> tracing.hop("model-service decide",
                                        pending.applicationId(), pending.origin().messageId(),
                                        pending.origin().traceparent(), traceparent -> current(models,
                                                pending.applicationId()).chain(model -> {
                                            ThreatModel.Decided decided = pending.decider().apply(model);
                                            return store.append(model, decided, pending.origin().causationId(),
                                                    pending.origin().correlationId(), traceparent).invoke(events -> {
                                                models.put(pending.applicationId(), decided.after());
                                                applied.add(new Applied(decided.after(), events));
                                            }).call(ModelDecisions::forgetLoaded);
                                        })))
                                .chain(() -> outbox.enqueue(applied.stream().flatMap(each -> each.events().stream())
                                        .toList())) // one write for the batch: a row per 500 events
                                .chain(() -> inbox.recordAll(consumer, fresh.stream()
                                        .map(pending -> pending.origin().messageId()).toList()))
                                .replaceWith(applied);
                    });
                }))
                .onFailure(UniqueViolation::in).retry().atMost(UniqueViolation.MAX_RETRIES)
                .invoke(applied -> applied.forEach(done -> recentModels.committed(done.model())));
    }

    /**
     * Writes what a decision changed and empties the session: the batch keeps the models it
     * decided on, so the events and rows loaded for them need not stay (they would be checked at
     * every later flush and held in memory until the batch ends).
     */
    private static Uni<Void> forgetLoaded() {
        return Panache.getSession().chain(session -> session.flush().invoke(session::clear));
    }

    private Uni<ThreatModel> current(Map<String, ThreatModel> decidedInBatch, String applicationId) {
        ThreatModel known = decidedInBatch.get(applicationId);
        return known != null ? Uni.createFrom().item(known) : store.load(applicationId);
    }
}
