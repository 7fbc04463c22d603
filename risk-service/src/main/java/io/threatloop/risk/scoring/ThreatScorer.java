package io.threatloop.risk.scoring;

import io.threatloop.analysis.risk.ContextRules;
import io.threatloop.analysis.risk.OwaspRiskRating;
import io.threatloop.analysis.threats.RuleCatalogue;
import io.threatloop.analysis.threats.RuleDefinition;
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

    public static Score score(ThreatIdentified threat) {
        RuleDefinition rule = RuleCatalogue.definition(threat.ruleId())
                .orElseThrow(() -> new IllegalArgumentException("unknown threat rule '" + threat.ruleId()
                        + "': risk-service is older than model-service; upgrade it, then replay the DLQ"));
        ContextRules.Result adjusted = ContextRules.apply(rule.defaultFactors(), threat.context());
        return new Score(OwaspRiskRating.rate(adjusted.factors(), false), adjusted.adjustments());
    }
}
