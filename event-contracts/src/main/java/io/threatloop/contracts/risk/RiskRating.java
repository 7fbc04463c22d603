package io.threatloop.contracts.risk;

import java.util.Map;

/**
 * An OWASP Risk Rating: likelihood and impact are the means of their 0-9 factors,
 * {@code score} is likelihood x impact (0-81) for sorting, {@code severity} comes from the
 * methodology's matrix (NOTE, LOW, MEDIUM, HIGH, CRITICAL).
 */
public record RiskRating(double likelihood, double impact, String likelihoodLevel, String impactLevel,
                         String severity, double score, Map<String, Integer> factors) {
    public RiskRating {
        factors = Map.copyOf(factors);
    }
}
