package io.threatloop.contracts.observation;

import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SurfaceChange;

import java.util.List;

/**
 * An API description was found or changed. {@code digest} identifies the surface's content
 * (not its info.version); {@code changes} is the semantic diff against the previous
 * observation of the same spec in the same source (empty for the first one);
 * {@code findings} name what the scanner deliberately did not follow, e.g. a remote {@code $ref}.
 */
public record SpecObserved(String applicationId, SourceRef source, String digest, ApiSurface surface,
                           List<SurfaceChange> changes, List<String> findings) implements ObservationEvent {
    public SpecObserved {
        changes = changes == null ? List.of() : List.copyOf(changes);
        findings = findings == null ? List.of() : List.copyOf(findings);
    }
}
