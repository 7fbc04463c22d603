package io.threatloop.risk.scoring;

import io.threatloop.analysis.risk.ModelRiskContext;
import io.threatloop.analysis.risk.ScoringPolicy;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.risk.Cause;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.eventstore.Outbox;
import io.threatloop.risk.scoring.ThreatRiskRows.OpenThreat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * One rescore after a policy change, a page of threats at a time: what moved on each page, its
 * {@code RiskChanged} already encoded for the outbox. Touches no database, so a page is prepared
 * on a worker thread while the previous one is written (see {@link PolicyRescore#rescoreAll}).
 * Pages are prepared one after the other, never two at once.
 */
final class RescorePages {

    /** A page ready to write: the ratings that moved and the events that say so. */
    record Page(List<ThreatRiskRows.NewRating> ratings, Outbox.Encoded events) {
    }

    private final Function<OpenThreat, ModelRiskContext> contextOf;
    private final ScoringPolicy policy;
    private final List<Cause> causes;
    private final String correlationId;
    private final Set<String> moved = new HashSet<>();
    private int changes;

    RescorePages(Function<OpenThreat, ModelRiskContext> contextOf, ScoringPolicy policy, List<Cause> causes) {
        this.contextOf = contextOf;
        this.policy = policy;
        this.causes = causes;
        this.correlationId = "policy-" + causes.get(0).id();
    }

    Page prepare(List<OpenThreat> rows) {
        Rescoring rescore = Rescoring.of(rows, contextOf, policy, causes);
        Instant now = Instant.now();
        List<Envelope<RiskChanged>> envelopes = rescore.changes().stream().map(changed -> Envelope.of(
                UUID.randomUUID().toString(), RiskHandler.SOURCE, now, correlationId, correlationId, changed)).toList();
        rescore.changes().forEach(changed -> moved.add(changed.applicationId()));
        changes += envelopes.size();
        return new Page(rescore.ratings(), Outbox.encode(envelopes));
    }

    /** The models whose ratings moved so far. */
    Set<String> moved() {
        return moved;
    }

    /** How many ratings moved so far. */
    int changes() {
        return changes;
    }
}
