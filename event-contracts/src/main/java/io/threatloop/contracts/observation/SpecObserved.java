package io.threatloop.contracts.observation;

import io.threatloop.contracts.surface.ApiSurface;

/** An API description was found or changed; {@code digest} identifies the surface's content. */
public record SpecObserved(String applicationId, SourceRef source, String digest, ApiSurface surface)
        implements ObservationEvent {
}
