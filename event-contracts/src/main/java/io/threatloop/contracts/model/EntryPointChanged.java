package io.threatloop.contracts.model;

/** An entry point's protection or status changed; both versions are given so consumers need no state. */
public record EntryPointChanged(String applicationId, long modelVersion, EntryPoint before, EntryPoint after,
                                Provenance provenance) implements ModelEvent {
}
