package io.threatloop.risk.scoring;

import io.threatloop.analysis.risk.RiskContext;
import io.threatloop.analysis.risk.ScoringPolicy;
import io.threatloop.analysis.risk.ThreatRating;
import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.model.ThreatIdentified;

/** Rates the threats risk-service hears of, through the shared {@link ThreatRating}. */
public final class ThreatScorer {

    private ThreatScorer() {
    }

    /** Only what the event carries (authentication, exposure at identification), under the default policy. */
    public static ThreatRating.Score score(ThreatIdentified threat) {
        ThreatContext context = threat.context();
        return score(threat.ruleId(), context == null ? RiskContext.of(true, "unknown")
                : RiskContext.of(context.authenticated(), context.exposure()), ScoringPolicy.defaults());
    }

    /** The rule's default factors, moved by the context rules of the policy, through the OWASP method. */
    public static ThreatRating.Score score(String ruleId, RiskContext context, ScoringPolicy policy) {
        try {
            return ThreatRating.rate(ruleId, context, policy);
        } catch (IllegalArgumentException unknownRule) {
            throw new IllegalArgumentException("unknown threat rule '" + ruleId
                    + "': risk-service is older than model-service; upgrade it, then replay the DLQ", unknownRule);
        }
    }
}
