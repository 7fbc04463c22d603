package io.threatloop.contracts.model;

import java.time.Instant;
import java.util.List;

/**
 * A change to the application's APIs was proposed (a pull request checked by
 * {@code threatloop gate}): what it would introduce and resolve. Recorded in the model's
 * history; it changes nothing in the model until the change lands and is scanned.
 *
 * @param base     the revision the change starts from
 * @param head     the proposed revision
 * @param specs    the spec files it touches
 * @param passed   whether the gate let it through
 */
public record ChangeProposed(String applicationId, long modelVersion, String base, String head,
                             List<ProposedThreat> introduced, List<ProposedThreat> resolved, List<String> specs,
                             boolean passed, String proposedBy, Instant proposedAt) implements ModelEvent {

    public ChangeProposed {
        introduced = List.copyOf(introduced);
        resolved = List.copyOf(resolved);
        specs = List.copyOf(specs);
    }

    /** A threat as the gate rated it: its rule, its element and its severity in the declared context. */
    public record ProposedThreat(String ruleId, String target, String severity) {
    }
}
