package io.threatloop.contracts.model;

public record EntryPointRemoved(String applicationId, long modelVersion, String entryPointId, Provenance provenance)
        implements ModelEvent {
}
