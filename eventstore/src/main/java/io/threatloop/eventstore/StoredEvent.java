package io.threatloop.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatloop.contracts.EventCodec;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * One row of the append-only event log, never updated, never deleted. Payload and metadata are
 * kept as the JSON text the database returns: a reader parses the payload once, straight into
 * the tree its upcasters read.
 */
public record StoredEvent(String streamId, long streamVersion, UUID eventId, String eventType, int schemaVersion,
                          String payload, String metadata, OffsetDateTime recordedAt) {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** The payload as a JSON object. */
    public ObjectNode payloadTree() {
        try {
            return (ObjectNode) EventCodec.mapper().readTree(payload);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("event " + streamId + "@" + streamVersion + " has no JSON object payload", e);
        }
    }

    /** The metadata (causation, correlation, source, trace) as a map. */
    public Map<String, Object> metadataMap() {
        try {
            return EventCodec.mapper().readValue(metadata, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + streamId + "@" + streamVersion + " has unreadable metadata", e);
        }
    }
}
