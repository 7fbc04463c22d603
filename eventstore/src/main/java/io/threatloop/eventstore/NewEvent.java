package io.threatloop.eventstore;

import java.util.Map;
import java.util.UUID;

/** An event to append: its id, stable type name and schema version, JSON payload and metadata. */
public record NewEvent(UUID eventId, String type, int schemaVersion, Map<String, Object> payload,
                       Map<String, Object> metadata) {
}
