package io.threatloop.cli.inspect;

import io.threatloop.analysis.risk.OwaspRiskRating;
import io.threatloop.analysis.spec.SpecLocations;
import io.threatloop.analysis.threats.Finding;
import io.threatloop.analysis.threats.RuleDefinition;

import java.util.List;

/**
 * One threat {@code threatloop analyze} reports: the rule's identity and method terms, the
 * element, the evidence, where it is written, and the rule's default OWASP risk severity (before
 * the context of a running system moves it).
 */
public record AnalyzedThreat(String ruleId, String title, String owaspCategory, String stride, String cwe,
                             String target, String targetAsWritten, List<String> evidence, String rationale,
                             List<String> countermeasures, String defaultSeverity, double defaultScore, String file,
                             int line)
        implements ReportedThreat {

    /** The rule's default severity: {@code analyze} knows no context. */
    @Override
    public String severity() {
        return defaultSeverity;
    }


    static AnalyzedThreat of(Finding finding, String file, SpecLocations locations) {
        RuleDefinition rule = finding.rule();
        var rating = OwaspRiskRating.rate(rule.defaultFactors(), true);
        return new AnalyzedThreat(rule.id(), rule.title(), rule.owaspCategory(), rule.stride(), rule.cwe(),
                finding.target(), locations.asWritten(finding.target()), finding.evidence(), rule.rationale(),
                rule.countermeasures(), rating.severity(),
                rating.score(), file, locations.lineOf(finding.target()));
    }
}
