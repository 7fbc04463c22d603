package io.threatloop.model.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCatalog;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.InvalidEventException;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.EventStore;
import io.threatloop.eventstore.ExactlyOnce;
import io.threatloop.eventstore.NewEvent;
import io.threatloop.eventstore.Snapshot;
import io.threatloop.eventstore.SnapshotStore;
import io.threatloop.eventstore.StoredEvent;
import io.threatloop.model.domain.ThreatModel;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

/**
 * Threat models in the event store: one stream per application, events stored under their
 * catalogue type name and schema version and followed by every
 * {@link ModelProjection} in the same transaction, with a snapshot every so many events. The
 * history views are {@link ModelHistory}'s. Each method runs on {@code client}: the transaction's
 * connection when it writes, or the pool for a read.
 */
@ApplicationScoped
public class ModelEventStore {

    static final String SOURCE = "/threatloop/model-service";
    private static final String STREAM_PREFIX = "threatmodel-";

    @Inject
    EventStore eventStore;

    @Inject
    @All
    List<ModelProjection> projections;

    @Inject
    SnapshotStore snapshots;

    @Inject
    RecentModels recentModels;

    /** A snapshot is kept every this many events of a stream. */
    @ConfigProperty(name = "threatloop.model.snapshot-every", defaultValue = "100")
    int snapshotEvery;

    /**
     * The model now: the state this replica last committed, or else its latest snapshot, plus the
     * events stored after it; or from all its events.
     */
    public Uni<ThreatModel> load(SqlClient client, String applicationId) {
        return loadAll(client, List.of(applicationId)).map(models -> models.get(applicationId));
    }

    /**
     * {@link #load} for several models: those this replica committed lately with one statement
     * for the events stored after them (another replica's writes), the others one by one.
     */
    public Uni<Map<String, ThreatModel>> loadAll(SqlClient client, Collection<String> applicationIds) {
        Map<String, ThreatModel> models = new LinkedHashMap<>();
        Map<String, Long> recentVersions = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (String applicationId : applicationIds) {
            ThreatModel recent = recentModels.get(applicationId).orElse(null);
            if (recent != null) {
                models.put(applicationId, recent);
                recentVersions.put(streamId(applicationId), recent.version());
            } else {
                others.add(applicationId);
            }
        }
        Uni<Void> recentLoaded = eventStore.loadAfter(client, recentVersions).invoke(byStream -> byStream.forEach(
                (stream, rows) -> {
                    if (!rows.isEmpty()) {
                        String applicationId = stream.substring(STREAM_PREFIX.length());
                        models.put(applicationId, models.get(applicationId)
                                .applyAll(rows.stream().map(ModelEventStore::decode).toList()));
                    }
                })).replaceWithVoid();
        return recentLoaded.chain(() -> ExactlyOnce.inOrder(others, applicationId -> loadFromSnapshot(client, applicationId)
                        .invoke(model -> models.put(applicationId, model))))
                .replaceWith(models);
    }

    private Uni<ThreatModel> loadFromSnapshot(SqlClient client, String applicationId) {
        String stream = streamId(applicationId);
        return snapshots.load(client, stream, ThreatModel.STATE_VERSION).chain(snapshot -> {
            if (snapshot.isEmpty()) {
                return loadWithoutSnapshot(client, applicationId);
            }
            ThreatModel restored = ThreatModel.restore(state(snapshot.get()));
            return eventStore.loadAfter(client, stream, snapshot.get().streamVersion())
                    .map(rows -> restored.applyAll(rows.stream().map(ModelEventStore::decode).toList()));
        });
    }

    /** The model from all its events, ignoring snapshots (for measuring them, and for checking one). */
    public Uni<ThreatModel> loadWithoutSnapshot(SqlClient client, String applicationId) {
        return eventStore.load(client, streamId(applicationId))
                .map(rows -> ThreatModel.replay(applicationId, rows.stream().map(ModelEventStore::decode).toList()));
    }

    /**
     * A decision to store: what was decided on {@code before}, why ({@code causationId},
     * {@code correlationId}) and in which trace ({@code traceparent}, null: none).
     */
    public record Decision(ThreatModel before, ThreatModel.Decided decided, String causationId, String correlationId,
                           String traceparent) {
    }

    /** {@link #appendAll} for one decision. */
    public Uni<List<Envelope<ModelEvent>>> append(SqlClient client, ThreatModel model, ThreatModel.Decided decided,
                                                  String causationId, String correlationId, String traceparent) {
        return appendAll(client, List.of(new Decision(model, decided, causationId, correlationId, traceparent)))
                .map(events -> events.get(0));
    }

    /**
     * Appends what was decided, decision after decision (a model may be decided on more than
     * once, each on the state the one before left), and updates the projections, in the caller's
     * transaction (ModelDecisions owns it, and queues the returned events for
     * {@code threatmodel-events} in it): one INSERT for all events, a few statements per
     * projection, a snapshot for each model that crossed a multiple of {@code snapshotEvery}.
     * Returns the events of each decision, in order.
     */
    public Uni<List<List<Envelope<ModelEvent>>>> appendAll(SqlClient client, List<Decision> decisions) {
        Instant now = Instant.now();
        List<List<Envelope<ModelEvent>>> envelopes = new ArrayList<>();
        List<EventStore.Append> appends = new ArrayList<>();
        List<Decision> appending = new ArrayList<>();
        for (Decision decision : decisions) {
            List<Envelope<ModelEvent>> ofDecision = new ArrayList<>();
            List<NewEvent> rows = new ArrayList<>();
            for (ModelEvent event : decision.decided().events()) {
                Envelope<ModelEvent> envelope = Envelope.of(UUID.randomUUID().toString(), SOURCE, now,
                        decision.causationId(), decision.correlationId(), decision.traceparent(), event);
                ofDecision.add(envelope);
                rows.add(row(envelope));
            }
            envelopes.add(ofDecision);
            if (!rows.isEmpty()) {
                appends.add(new EventStore.Append(streamId(decision.before().applicationId()),
                        decision.before().version(), rows));
                appending.add(decision);
            }
        }
        if (appends.isEmpty()) {
            return Uni.createFrom().item(envelopes);
        }
        return eventStore.appendAll(client, appends)
                .chain(stored -> {
                    Instant recordedAt = stored.get(0).get(0).recordedAt().toInstant(); // one instant per append
                    List<ModelProjection.Appended> appended = appending.stream().map(decision ->
                            new ModelProjection.Appended(decision.decided().after(), decision.decided().events(),
                                    recordedAt)).toList();
                    return follow(client, appended);
                })
                .chain(() -> snapshotsCrossed(client, appending))
                .replaceWith(envelopes);
    }

    private static NewEvent row(Envelope<ModelEvent> envelope) {
        EventCatalog.Entry entry = EventCatalog.entryFor(envelope.data().getClass());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("causationId", envelope.causationid());
        metadata.put("correlationId", envelope.correlationid());
        metadata.put("source", SOURCE);
        if (envelope.traceparent() != null) {
            metadata.put("traceparent", envelope.traceparent()); // which trace to open for a line of history
        }
        return new NewEvent(UUID.fromString(envelope.id()), entry.type(), entry.version(), toJson(envelope.data()),
                metadata);
    }

    private Uni<Void> follow(SqlClient client, List<ModelProjection.Appended> appended) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (ModelProjection projection : projections) {
            all = all.chain(() -> projection.follow(client, appended));
        }
        return all;
    }

    /** A snapshot of each model whose version crossed a multiple of {@code snapshotEvery}, of its last state. */
    private Uni<Void> snapshotsCrossed(SqlClient client, List<Decision> appended) {
        Map<String, Long> firstVersion = new LinkedHashMap<>();
        Map<String, ThreatModel> last = new LinkedHashMap<>();
        for (Decision decision : appended) {
            firstVersion.putIfAbsent(decision.before().applicationId(), decision.before().version());
            last.put(decision.before().applicationId(), decision.decided().after());
        }
        List<ThreatModel> crossed = last.values().stream()
                .filter(after -> after.version() / snapshotEvery > firstVersion.get(after.applicationId()) / snapshotEvery)
                .toList();
        return ExactlyOnce.inOrder(crossed, after -> snapshots.save(client, streamId(after.applicationId()), after.version(),
                ThreatModel.STATE_VERSION, EventCodec.mapper().valueToTree(after.state()).toString()));
    }

    /** Every model's application id, for rebuilding projections. */
    public Uni<List<String>> applicationIds(SqlClient client) {
        return eventStore.streamIds(client, STREAM_PREFIX)
                .map(ids -> ids.stream().map(id -> id.substring(STREAM_PREFIX.length())).toList());
    }

    static String streamId(String applicationId) {
        return STREAM_PREFIX + applicationId;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toJson(ModelEvent event) {
        return EventCodec.mapper().convertValue(event, Map.class);
    }

    /** A stored event as the catalogue reads its type now: older schema versions through its upcasters. */
    static ModelEvent decode(StoredEvent row) {
        EventCatalog.Entry entry = EventCatalog.entryFor(row.eventType())
                .orElseThrow(() -> new IllegalStateException("event store holds unknown type " + row.eventType()
                        + " at " + row.streamId() + "@" + row.streamVersion()));
        try {
            ObjectNode data = EventCatalog.upcast(entry, row.schemaVersion(), row.payloadTree());
            return (ModelEvent) EventCodec.mapper().treeToValue(data, entry.payload());
        } catch (IllegalArgumentException | InvalidEventException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + row.eventType() + " at " + row.streamId() + "@"
                    + row.streamVersion(), e);
        }
    }

    private static ThreatModel.State state(Snapshot snapshot) {
        try {
            return EventCodec.mapper().readValue(snapshot.state(), ThreatModel.State.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the snapshot of " + snapshot.streamId() + "@"
                    + snapshot.streamVersion(), e);
        }
    }
}
