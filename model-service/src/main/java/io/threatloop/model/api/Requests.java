package io.threatloop.model.api;

import io.threatloop.contracts.model.ChangeProposed;
import io.threatloop.contracts.model.MitigationStatus;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of the model API. */
public final class Requests {

    private Requests() {
    }

    public record OwnerRequest(String team) {
    }

    public record MitigationRequest(String description, MitigationStatus status) {
    }

    /** An accepted risk or a false positive: why, and until when. */
    public record JudgementRequest(String justification, Instant expiresAt) {
    }

    public record ReviewRequest(String notes) {
    }

    /** What {@code threatloop gate --post} sends: the revisions, the threats each way, the specs, the verdict. */
    public record ProposalRequest(String base, String head, List<ChangeProposed.ProposedThreat> introduced,
                                  List<ChangeProposed.ProposedThreat> resolved, List<String> specs, boolean passed) {
    }

    /** What a command stored: the model's new version (null when nothing changed) and the event types. */
    public record CommandResult(String applicationId, Long version, List<String> events) {
    }
}
