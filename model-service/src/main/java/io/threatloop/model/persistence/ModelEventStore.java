package io.threatloop.model.persistence;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCatalog;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.EventStore;
import io.threatloop.eventstore.NewEvent;
import io.threatloop.eventstore.Outbox;
import io.threatloop.eventstore.StoredEvent;
import io.threatloop.model.domain.ThreatModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
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

    @Inject
    EventStore eventStore;

    @Inject
    Outbox outbox;

    public Uni<ThreatModel> load(String applicationId) {
        return eventStore.load(streamId(applicationId))
                .map(rows -> ThreatModel.replay(applicationId, rows.stream().map(ModelEventStore::decode).toList()));
    }

    /** Appends after the model's version and queues the events for {@code threatmodel-events}. */
    public Uni<List<Envelope<ModelEvent>>> append(ThreatModel model, List<ModelEvent> events, Envelope<?> cause) {
        Instant now = Instant.now();
        List<Envelope<ModelEvent>> envelopes = new ArrayList<>();
        List<NewEvent> rows = new ArrayList<>();
        for (ModelEvent event : events) {
            Envelope<ModelEvent> envelope = Envelope.causedBy(cause, UUID.randomUUID().toString(), SOURCE, now, event);
            envelopes.add(envelope);
            EventCatalog.Entry entry = EventCatalog.entryFor(event.getClass());
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("causationId", envelope.causationid());
            metadata.put("correlationId", envelope.correlationid());
            metadata.put("source", SOURCE);
            rows.add(new NewEvent(UUID.fromString(envelope.id()), entry.type(), entry.version(), toJson(event),
                    metadata));
        }
        return eventStore.append(streamId(model.applicationId()), model.version(), rows)
                .chain(() -> outbox.enqueue(envelopes))
                .replaceWith(envelopes);
    }

    static String streamId(String applicationId) {
        return "threatmodel-" + applicationId;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toJson(ModelEvent event) {
        return EventCodec.mapper().convertValue(event, Map.class);
    }

    private static ModelEvent decode(StoredEvent row) {
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
