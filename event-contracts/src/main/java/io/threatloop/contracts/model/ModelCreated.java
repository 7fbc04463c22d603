package io.threatloop.contracts.model;

/** A threat model was opened for an application seen for the first time. */
public record ModelCreated(String applicationId, long modelVersion, Provenance provenance) implements ModelEvent {
}
