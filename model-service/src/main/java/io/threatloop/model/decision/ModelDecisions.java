package io.threatloop.model.decision;

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
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one way a threat model changes, for observations and for people's commands alike: load,
 * decide, append (with the projections) and queue the events in the outbox, in one transaction on a
 * connection of the reactive pool (no session: it holds no entity, and a session's work around each
 * statement was a third of a small transaction's cost, see BENCHMARKS.md). A concurrent writer
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

    @Inject
    Pool pool;

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
        return Uni.createFrom().deferred(() -> pool.withTransaction(connection -> store.load(connection, applicationId)
                        .chain(model -> {
                    ThreatModel.Decided decided = decider.apply(model);
                    return store.append(connection, model, decided, origin.causationId(), origin.correlationId(),
                                    origin.traceparent())
                            .call(events -> outbox.enqueue(connection, Outbox.encode(events)))
                            .map(events -> new Applied(decided.after(), events));
                })))
                .onFailure(UniqueViolation::in).retry().atMost(UniqueViolation.MAX_RETRIES)
                .invoke(applied -> recentModels.committed(applied.model()));
    }

    /** One message's decision in a batch: the model it is for and how to decide on it. */
    public record Pending(String applicationId, Function<ThreatModel, ThreatModel.Decided> decider, Origin origin) {
    }

    /**
     * Decides a batch of messages for {@code consumer} in one transaction: one inbox claim for all,
     * the batch's models loaded at once, each message decided in memory in the batch's order on
     * the state the one before left, then everything written at once (one INSERT of the events,
     * a few statements for the projections, one outbox write). What was processed
     * before is skipped. A concurrent writer that wins a race retries the whole batch from fresh
     * loads; a decider that throws fails the batch (the caller then goes message by message).
     */
    public Uni<List<Applied>> decideAll(String consumer, List<Pending> batch) {
        return Uni.createFrom().deferred(() -> pool.withTransaction(connection -> {
                    Map<String, Pending> byId = new LinkedHashMap<>();
                    batch.forEach(pending -> byId.putIfAbsent(pending.origin().messageId(), pending));
                    return inbox.claim(connection, consumer, byId.keySet()).chain(claimed -> {
                        List<Pending> fresh = byId.values().stream()
                                .filter(pending -> claimed.contains(pending.origin().messageId())).toList();
                        return store.loadAll(connection, fresh.stream().map(Pending::applicationId).distinct().toList())
                                .chain(models -> decideInOrder(fresh, models))
                                .chain(decisions -> store.appendAll(connection, decisions).chain(events -> {
                                    List<Applied> applied = new ArrayList<>();
                                    for (int i = 0; i < decisions.size(); i++) {
                                        applied.add(new Applied(decisions.get(i).decided().after(), events.get(i)));
                                    }
                                    // one write for the batch: a row per 500 events
                                    return outbox.enqueue(connection,
                                                    Outbox.encode(events.stream().flatMap(List::stream).toList()))
                                            .replaceWith(applied);
                                }));
                    });
                }))
                .onFailure(UniqueViolation::in).retry().atMost(UniqueViolation.MAX_RETRIES)
                .invoke(applied -> applied.forEach(done -> recentModels.committed(done.model())));
    }

    /** Each message decided on the state its model is in after the batch's messages before it. */
    private Uni<List<ModelEventStore.Decision>> decideInOrder(List<Pending> fresh, Map<String, ThreatModel> models) {
        List<ModelEventStore.Decision> decisions = new ArrayList<>();
        return ExactlyOnce.inOrder(fresh, pending -> tracing.hop("model-service decide", pending.applicationId(),
                        pending.origin().messageId(), pending.origin().traceparent(), traceparent -> {
                            ThreatModel model = models.get(pending.applicationId());
                            ThreatModel.Decided decided = pending.decider().apply(model);
                            models.put(pending.applicationId(), decided.after());
                            decisions.add(new ModelEventStore.Decision(model, decided, pending.origin().causationId(),
                                    pending.origin().correlationId(), traceparent));
                            return Uni.createFrom().voidItem();
                        }))
                .replaceWith(decisions);
    }
}
