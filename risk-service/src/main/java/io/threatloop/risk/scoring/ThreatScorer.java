package io.threatloop.risk.scoring;

import io.threatloop.analysis.risk.ContextRules;
import io.threatloop.analysis.risk.OwaspRiskRating;
import io.threatloop.analysis.risk.RiskContext;
import io.threatloop.analysis.risk.ScoringPolicy;
import io.threatloop.analysis.threats.RuleCatalogue;
import io.threatloop.analysis.threats.RuleDefinition;
import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.risk.FactorAdjustment;
import io.threatloop.contracts.risk.RiskRating;

import java.util.List;

/** Rates a threat: the rule's default factors, moved by the context rules, through the OWASP method. */
public final class ThreatScorer {

    /** A rating and the context adjustments that explain it. */
    public record Score(RiskRating rating, List<FactorAdjustment> adjustments) {
    }

    private ThreatScorer() {
    }

    /** Only what the event carries (authentication, exposure at identification), under the default policy. */
    public static Score score(ThreatIdentified threat) {
        ThreatContext context = threat.context();
        return score(threat.ruleId(), context == null ? RiskContext.of(true, "unknown")
                : RiskContext.of(context.authenticated(), context.exposure()), ScoringPolicy.defaults());
    }

    /** The rule's default factors, moved by the context rules of the policy, through the OWASP method. */
    public static Score score(String ruleId, RiskContext context, ScoringPolicy policy) {
        RuleDefinition rule = RuleCatalogue.definition(ruleId)
                .orElseThrow(() -> new IllegalArgumentException("unknown threat rule '" + ruleId
                        + "': risk-service is older than model-service; upgrade it, then replay the DLQ"));
        ContextRules.Result adjusted = ContextRules.apply(rule.defaultFactors(), context, policy);
        return new Score(OwaspRiskRating.rate(adjusted.factors(), policy.businessImpact()), adjusted.adjustments());
    }
}
