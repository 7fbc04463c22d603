package io.threatloop.contracts.observation;

/** A Service that was observed before is gone (deleted while the scanner ran, or while it was down). */
public record WorkloadRemoved(String applicationId, SourceRef source, String namespace, String name)
        implements ObservationEvent {
}
