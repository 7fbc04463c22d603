package io.threatloop.contracts.observation;

import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;

/**
 * An API description was found or changed; {@code digest} identifies the surface's content.
 * {@code findings} name what the scanner deliberately did not follow, e.g. a remote {@code $ref}.
 */
public record SpecObserved(String applicationId, SourceRef source, String digest, ApiSurface surface,
                           List<String> findings) implements ObservationEvent {
    public SpecObserved {
        findings = findings == null ? List.of() : List.copyOf(findings);
    }
}
