package io.threatloop.contracts.model;

import io.threatloop.contracts.observation.ModelFile;

/** The application's security objectives, as its model file declares them now. */
public record SecurityObjectivesDefined(String applicationId, long modelVersion,
                                        ModelFile.SecurityObjectives objectives, Provenance provenance)
        implements ModelEvent {
}
