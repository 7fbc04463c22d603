package io.threatloop.analysis.risk;

import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.risk.FactorAdjustment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** The default policy, with what a {@code ThreatIdentified} carries itself. */
    public static Result apply(RiskFactors defaults, ThreatContext context) {
        return apply(defaults, context == null ? RiskContext.of(true, "unknown")
                : RiskContext.of(context.authenticated(), context.exposure()), ScoringPolicy.defaults());
    }

    /**
     * Raises first (exposure, authentication, data, compliance), then lowers (mitigations), each
     * as far as the policy says; every factor that moved is recorded with the rule that moved it.
     */
    public static Result apply(RiskFactors defaults, RiskContext context, ScoringPolicy policy) {
        List<FactorAdjustment> adjustments = new ArrayList<>();
        RiskFactors factors = defaults;
        if ("internet".equals(context.exposure())) {
            factors = adjust(factors, policy, "internet-exposure", "reachable from the internet", adjustments);
        }
        if (!context.authenticated()) {
            factors = adjust(factors, policy, "no-authentication", "no credentials needed", adjustments);
        }
        if (context.personalData()) {
            factors = adjust(factors, policy, "personal-data", "the model handles personal data", adjustments);
        }
        if (context.restrictedData()) {
            factors = adjust(factors, policy, "restricted-data", "the model handles restricted data", adjustments);
        }
        if (!context.complianceScopes().isEmpty()) {
            factors = adjust(factors, policy, "compliance-scope", "in scope of "
                    + String.join(", ", context.complianceScopes()), adjustments);
        }
        if ("implemented".equals(context.mitigation()) || "verified".equals(context.mitigation())) {
            factors = adjust(factors, policy, "mitigation-implemented", "a mitigation is implemented", adjustments);
        }
        if ("verified".equals(context.mitigation())) {
            factors = adjust(factors, policy, "mitigation-verified", "the mitigation is verified", adjustments);
        }
        return new Result(factors, List.copyOf(adjustments));
    }

    private static RiskFactors adjust(RiskFactors factors, ScoringPolicy policy, String rule, String reason,
                                      List<FactorAdjustment> adjustments) {
        ScoringPolicy.Adjustment adjustment = policy.rules().get(rule);
        if (adjustment == null) {
            return factors;
        }
        for (Map.Entry<String, Integer> raise : adjustment.raise().entrySet()) {
            factors = raise(factors, raise.getKey(), raise.getValue(), rule, reason, adjustments);
        }
        for (Map.Entry<String, Integer> lower : adjustment.lower().entrySet()) {
            int from = factors.asMap().get(lower.getKey());
            if (from > lower.getValue()) {
                adjustments.add(new FactorAdjustment(lower.getKey(), from, lower.getValue(), rule, reason));
                factors = factors.with(lower.getKey(), lower.getValue());
            }
        }
        return factors;
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
