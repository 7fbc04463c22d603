package io.threatloop.model.persistence;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCatalog;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.EventStore;
import io.threatloop.eventstore.NewEvent;
import io.threatloop.eventstore.Outbox;
import io.threatloop.eventstore.SnapshotStore;
import io.threatloop.eventstore.StoredEvent;
import io.threatloop.model.domain.ThreatModel;
import io.threatloop.model.view.ModelProjector;
import io.threatloop.model.view.ModelView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

/**
 * Threat models in the event store: one stream per application, events stored under their
 * catalogue type name and schema version, and queued in the outbox in the same transaction.
 */
@ApplicationScoped
public class ModelEventStore {

    static final String SOURCE = "/threatloop/model-service";
    private static final String STREAM_PREFIX = "threatmodel-";

    @Inject
    EventStore eventStore;

    @Inject
    Outbox outbox;

    @Inject
    ModelSummaries summaries;

    @Inject
    RegisterProjection register;

    @Inject
    SnapshotStore snapshots;

    /** A snapshot is kept every this many events of a stream. */
    @ConfigProperty(name = "threatloop.model.snapshot-every", defaultValue = "100")
    int snapshotEvery;

    /** The model now: from its latest snapshot plus the events after it, or from all its events. */
    public Uni<ThreatModel> load(String applicationId) {
        String stream = streamId(applicationId);
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
     * The model as it was at {@code version} (when given) or at {@code time} (when given), else
     * now; empty when the application had no model then.
     */
    public Uni<Optional<ModelView>> view(String applicationId, Long version, Instant time) {
        String stream = streamId(applicationId);
        Uni<List<StoredEvent>> rows = version != null ? eventStore.loadUpTo(stream, version)
                : time != null ? eventStore.loadUntil(stream, time.atOffset(ZoneOffset.UTC))
                : eventStore.load(stream);
        Instant asOf = time != null ? time : Instant.now();
        return rows.map(events -> {
            if (events.isEmpty()) {
                return Optional.empty();
            }
            ModelProjector projector = new ModelProjector(applicationId);
            events.forEach(row -> projector.apply(decode(row), row.recordedAt.toInstant()));
            return Optional.of(projector.view(asOf));
        });
    }

    /** A page of the model's history after {@code afterVersion}. */
    public Uni<List<RecordedModelEvent>> history(String applicationId, long afterVersion, int limit) {
        return eventStore.page(streamId(applicationId), afterVersion, limit)
                .map(rows -> rows.stream().map(row -> new RecordedModelEvent(row, decode(row))).toList());
    }

    /**
     * Appends what was decided on {@code model} after its version, queues the events for
     * {@code threatmodel-events} and updates the model's summary, all in the caller's
     * transaction (ModelDecisions owns it).
     */
    public Uni<List<Envelope<ModelEvent>>> append(ThreatModel model, ThreatModel.Decided decided, String causationId,
                                                  String correlationId) {
        List<ModelEvent> events = decided.events();
        Instant now = Instant.now();
        List<Envelope<ModelEvent>> envelopes = new ArrayList<>();
        List<NewEvent> rows = new ArrayList<>();
        for (ModelEvent event : events) {
            Envelope<ModelEvent> envelope = Envelope.of(UUID.randomUUID().toString(), SOURCE, now, causationId,
                    correlationId, event);
            envelopes.add(envelope);
            EventCatalog.Entry entry = EventCatalog.entryFor(event.getClass());
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("causationId", envelope.causationid());
            metadata.put("correlationId", envelope.correlationid());
            metadata.put("source", SOURCE);
            rows.add(new NewEvent(UUID.fromString(envelope.id()), entry.type(), entry.version(), toJson(event),
                    metadata));
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        ThreatModel after = decided.after();
        return eventStore.append(streamId(model.applicationId()), model.version(), rows)
                .chain(stored -> outbox.enqueue(envelopes)
                        .chain(() -> summaries.update(after, events, stored.get(stored.size() - 1).recordedAt.toInstant()))
                        .chain(() -> register.apply(after.applicationId(), events,
                                stored.get(stored.size() - 1).recordedAt.toInstant())))
                .chain(() -> after.version() / snapshotEvery > model.version() / snapshotEvery
                        ? snapshots.save(streamId(after.applicationId()), after.version(), ThreatModel.STATE_VERSION,
                        EventCodec.mapper().valueToTree(after.state()).toString())
                        : Uni.createFrom().voidItem())
                .replaceWith(envelopes);
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

    static ModelEvent decode(StoredEvent row) {
        EventCatalog.Entry entry = EventCatalog.entryFor(row.eventType)
                .orElseThrow(() -> new IllegalStateException("event store holds unknown type " + row.eventType
                        + " at " + row.streamId + "@" + row.streamVersion));
        try {
            return (ModelEvent) EventCodec.mapper().convertValue(row.payload, entry.payload());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot read " + row.eventType + " at " + row.streamId + "@"
                    + row.streamVersion, e);
        }
    }
}
