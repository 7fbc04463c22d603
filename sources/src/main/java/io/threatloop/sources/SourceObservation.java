package io.threatloop.sources;

import io.threatloop.contracts.observation.ObservationEvent;

/** An observation made in one commit, with the commit id that caused it and the spec path. */
public record SourceObservation(String commitId, String path, ObservationEvent event) {
}
