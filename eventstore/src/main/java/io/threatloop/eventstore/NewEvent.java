package io.threatloop.eventstore;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** An event to append: its id, stable type name and schema version, JSON payload and metadata. */
public record NewEvent(UUID eventId, String type, int schemaVersion, JsonObject payload, JsonObject metadata) {
}
