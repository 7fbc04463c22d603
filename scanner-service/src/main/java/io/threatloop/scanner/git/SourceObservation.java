package io.threatloop.scanner.git;

import io.threatloop.contracts.observation.ObservationEvent;

/** An observation made in one commit, with the commit id that caused it. */
public record SourceObservation(String commitId, String path, ObservationEvent event) {
}
