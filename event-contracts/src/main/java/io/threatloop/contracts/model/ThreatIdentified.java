package io.threatloop.contracts.model;

import java.util.List;

/**
 * A threat rule matched an element of the model. {@code threatId} is stable: the same rule on
 * the same target keeps it across model versions.
 */
public record ThreatIdentified(
        String applicationId,
        long modelVersion,
        String threatId,
        String ruleId,
        String title,
        String owaspCategory,
        String stride,
        String cwe,
        String target,
        List<String> evidence,
        ThreatContext context,
        Provenance provenance) implements ModelEvent {

    public ThreatIdentified {
        evidence = List.copyOf(evidence);
    }
}
