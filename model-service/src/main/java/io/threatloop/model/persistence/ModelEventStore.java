package io.threatloop.model.persistence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCatalog;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.InvalidEventException;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.EventStore;
import io.threatloop.eventstore.NewEvent;
import io.threatloop.eventstore.SnapshotStore;
import io.threatloop.eventstore.StoredEvent;
import io.threatloop.model.domain.ThreatModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

/**
 * Threat models in the event store: one stream per application, events stored under their
 * catalogue type name and schema version and followed by every
 * {@link ModelProjection} in the same transaction, with a snapshot every so many events. The
 * history views are {@link ModelHistory}'s.
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
    public Uni<ThreatModel> load(String applicationId) {
        String stream = streamId(applicationId);
        ThreatModel recent = recentModels.get(applicationId).orElse(null);
        if (recent != null) {
            return eventStore.loadAfter(stream, recent.version())
                    .map(rows -> recent.applyAll(rows.stream().map(ModelEventStore::decode).toList()));
        }
        return snapshots.load(stream, ThreatModel.STATE_VERSION).chain(snapshot -> {
            if (snapshot.isEmpty()) {
                return loadWithoutSnapshot(applicationId);
            }
            ThreatModel restored = ThreatModel.restore(EventCodec.mapper().convertValue(snapshot.get().state,
                    ThreatModel.State.class));
            return eventStore.loadAfter(stream, snapshot.get().streamVersion)
                    .map(rows -> restored.applyAll(rows.stream().map(ModelEventStore::decode).toList()));
        });
    }

    /** The model from all its events, ignoring snapshots (for measuring them, and for checking one). */
    public Uni<ThreatModel> loadWithoutSnapshot(String applicationId) {
        return eventStore.load(streamId(applicationId))
                .map(rows -> ThreatModel.replay(applicationId, rows.stream().map(ModelEventStore::decode).toList()));
    }

    /**
     * Appends what was decided on {@code model} after its version and updates the model's
     * projections, in the caller's transaction (ModelDecisions owns it, and queues the returned
     * events for {@code threatmodel-events} in it: once per batch). The events carry
     * {@code traceparent} (null: none).
     */
    public Uni<List<Envelope<ModelEvent>>> append(ThreatModel model, ThreatModel.Decided decided, String causationId,
                                                  String correlationId, String traceparent) {
        List<ModelEvent> events = decided.events();
        Instant now = Instant.now();
        List<Envelope<ModelEvent>> envelopes = new ArrayList<>();
        List<NewEvent> rows = new ArrayList<>();
        for (ModelEvent event : events) {
            Envelope<ModelEvent> envelope = Envelope.of(UUID.randomUUID().toString(), SOURCE, now, causationId,
                    correlationId, traceparent, event);
            envelopes.add(envelope);
            EventCatalog.Entry entry = EventCatalog.entryFor(event.getClass());
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("causationId", envelope.causationid());
            metadata.put("correlationId", envelope.correlationid());
            metadata.put("source", SOURCE);
            if (traceparent != null) {
                metadata.put("traceparent", traceparent); // which trace to open for a line of history
            }
            rows.add(new NewEvent(UUID.fromString(envelope.id()), entry.type(), entry.version(), toJson(event),
                    metadata));
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        ThreatModel after = decided.after();
        return eventStore.append(streamId(model.applicationId()), model.version(), rows)
                .chain(stored -> follow(after, events, stored.get(stored.size() - 1).recordedAt.toInstant()))
                .chain(() -> after.version() / snapshotEvery > model.version() / snapshotEvery
                        ? snapshots.save(streamId(after.applicationId()), after.version(), ThreatModel.STATE_VERSION,
                        EventCodec.mapper().valueToTree(after.state()).toString())
                        : Uni.createFrom().voidItem())
                .replaceWith(envelopes);
    }

    private Uni<Void> follow(ThreatModel after, List<ModelEvent> events, Instant recordedAt) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (ModelProjection projection : projections) {
            all = all.chain(() -> projection.follow(after, events, recordedAt));
        }
        return all;
    }

    /** Every model's application id, for rebuilding projections. */
    public Uni<List<String>> applicationIds() {
        return eventStore.streamIds(STREAM_PREFIX)
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
        EventCatalog.Entry entry = EventCatalog.entryFor(row.eventType)
                .orElseThrow(() -> new IllegalStateException("event store holds unknown type " + row.eventType
                        + " at " + row.streamId + "@" + row.streamVersion));
        try {
            ObjectNode data = EventCatalog.upcast(entry, row.schemaVersion,
                    EventCodec.mapper().valueToTree(row.payload));
            return (ModelEvent) EventCodec.mapper().convertValue(data, entry.payload());
        } catch (IllegalArgumentException | InvalidEventException e) {
            throw new IllegalStateException("cannot read " + row.eventType + " at " + row.streamId + "@"
                    + row.streamVersion, e);
        }
    }
}
