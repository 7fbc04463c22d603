package io.threatloop.analysis.risk;

import io.threatloop.analysis.threats.RuleCatalogue;
import io.threatloop.analysis.threats.RuleDefinition;
import io.threatloop.contracts.risk.FactorAdjustment;
import io.threatloop.contracts.risk.RiskRating;

import java.util.List;

/**
 * Rates one threat: its rule's default factors, moved by the policy's context rules, through the
 * OWASP method. The one place risk-service and {@code threatloop gate} rate a threat.
 */
public final class ThreatRating {

    /** A rating and the context adjustments that explain it. */
    public record Score(RiskRating rating, List<FactorAdjustment> adjustments) {
    }

    private ThreatRating() {
    }

    public static Score rate(String ruleId, RiskContext context, ScoringPolicy policy) {
        RuleDefinition rule = RuleCatalogue.definition(ruleId)
                .orElseThrow(() -> new IllegalArgumentException("unknown threat rule '" + ruleId
                        + "': this reader is older than the rules that found it; upgrade it"));
        ContextRules.Result adjusted = ContextRules.apply(rule.defaultFactors(), context, policy);
        return new Score(OwaspRiskRating.rate(adjusted.factors(), policy.businessImpact()), adjusted.adjustments());
    }
}
