package io.threatloop.contracts.model;

/** A threat no longer applies, e.g. because its target gained authentication or was removed. */
public record ThreatResolved(String applicationId, long modelVersion, String threatId, String ruleId, String reason,
                             Provenance provenance) implements ModelEvent {
}
