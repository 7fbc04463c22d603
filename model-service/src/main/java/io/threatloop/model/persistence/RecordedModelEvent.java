package io.threatloop.model.persistence;

import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.StoredEvent;

import java.time.Instant;
import java.util.Map;

/** One event of a model's history with what the log recorded about it. */
public record RecordedModelEvent(long version, String eventId, String type, int schemaVersion, Instant recordedAt,
                                 Map<String, Object> metadata, ModelEvent data) {

    RecordedModelEvent(StoredEvent row, ModelEvent data) {
        this(row.streamVersion(), row.eventId().toString(), row.eventType(), row.schemaVersion(),
                row.recordedAt().toInstant(), row.metadataMap(), data);
    }
}
