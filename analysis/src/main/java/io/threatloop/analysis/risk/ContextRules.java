package io.threatloop.analysis.risk;

import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.risk.FactorAdjustment;

import java.util.ArrayList;
import java.util.List;

/**
 * Named rules that move a threat's default factors with what the model knows around it.
 * Each adjustment names its rule so a risk change can be explained (docs/ARCHITECTURE.md).
 */
public final class ContextRules {

    /** The adjusted factors and the adjustments that made them. */
    public record Result(RiskFactors factors, List<FactorAdjustment> adjustments) {
    }

    private ContextRules() {
    }

    public static Result apply(RiskFactors defaults, ThreatContext context) {
        List<FactorAdjustment> adjustments = new ArrayList<>();
        RiskFactors factors = defaults;
        if (context != null && "internet".equals(context.exposure())) {
            factors = raise(factors, "opportunity", 9, "internet-exposure", "reachable from the internet", adjustments);
            factors = raise(factors, "size", 9, "internet-exposure", "anyone on the internet can try", adjustments);
        }
        if (context != null && !context.authenticated()) {
            factors = raise(factors, "easeOfExploit", 9, "no-authentication", "no credentials needed", adjustments);
            factors = raise(factors, "skillLevel", 6, "no-authentication", "no credentials to obtain first", adjustments);
        }
        return new Result(factors, List.copyOf(adjustments));
    }

    private static RiskFactors raise(RiskFactors factors, String factor, int to, String rule, String reason,
                                     List<FactorAdjustment> adjustments) {
        int from = factors.asMap().get(factor);
        if (from >= to) {
            return factors;
        }
        adjustments.add(new FactorAdjustment(factor, from, to, rule, reason));
        return factors.with(factor, to);
    }
}
