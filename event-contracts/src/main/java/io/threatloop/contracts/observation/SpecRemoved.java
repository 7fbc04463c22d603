package io.threatloop.contracts.observation;

/** An API description that was observed before is gone from its source. */
public record SpecRemoved(String applicationId, SourceRef source) implements ObservationEvent {
}
