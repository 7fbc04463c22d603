package io.threatloop.contracts.model;

import io.threatloop.contracts.observation.ModelFile;

import java.util.List;

/**
 * The risks the model file accepts now (rule, target, justification, expiry date). Threats
 * they match are accepted when the file is applied and whenever such a threat is identified
 * later, until the entry's date has passed.
 */
public record AcceptedRisksDeclared(String applicationId, long modelVersion,
                                    List<ModelFile.DeclaredAcceptance> acceptedRisks, Provenance provenance)
        implements ModelEvent {
    public AcceptedRisksDeclared {
        acceptedRisks = List.copyOf(acceptedRisks);
    }
}
