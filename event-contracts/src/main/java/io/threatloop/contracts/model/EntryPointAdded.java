package io.threatloop.contracts.model;

public record EntryPointAdded(String applicationId, long modelVersion, EntryPoint entryPoint, Provenance provenance)
        implements ModelEvent {
}
