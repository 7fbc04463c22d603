package io.threatloop.eventstore;

import java.time.OffsetDateTime;

/**
 * The latest snapshot of a stream: its state at {@code streamVersion} as JSON text, in the shape
 * {@code stateVersion} names (a snapshot of another shape is ignored and the stream replayed).
 */
public record Snapshot(String streamId, long streamVersion, int stateVersion, String state, OffsetDateTime takenAt) {
}
