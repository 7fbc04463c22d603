package io.threatloop.analysis.threats;

import io.threatloop.analysis.risk.RiskFactors;

import java.util.List;

/**
 * What a threat rule stands for: its OWASP API Security Top 10 2023 category, STRIDE category
 * and CWE, why it matters, the countermeasures, and the default OWASP Risk Rating factors the
 * risk service starts from.
 */
public record RuleDefinition(String id, String title, String owaspCategory, String stride, String cwe,
                             String rationale, List<String> countermeasures, RiskFactors defaultFactors) {
    public RuleDefinition {
        countermeasures = List.copyOf(countermeasures);
    }
}
