package io.threatloop.contracts.model;

/** A source of this model could not be read; the model keeps its last good state. */
public record SourceScanFailed(String applicationId, long modelVersion, String reason, String location,
                               Provenance provenance) implements ModelEvent {
}
