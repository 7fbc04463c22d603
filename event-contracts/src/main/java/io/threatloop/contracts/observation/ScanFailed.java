package io.threatloop.contracts.observation;

/** A source could not be read; {@code reason} says why and {@code location} where, for a human to fix. */
public record ScanFailed(String applicationId, SourceRef source, String reason, String location)
        implements ObservationEvent {
}
