package io.threatloop.contracts.observation;

/** A valid {@code threatmodel.yaml} was seen at a commit (an invalid one is a {@link ScanFailed}). */
public record ModelFileObserved(String applicationId, SourceRef source, ModelFile file) implements ObservationEvent {
}
