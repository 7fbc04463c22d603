package io.threatloop.cli.inspect;

import io.threatloop.analysis.risk.Severity;
import io.threatloop.analysis.spec.NormalizedSpec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code analyze}'s text for people: a summary first (by severity, by category, the operations
 * with the most threats), then the threats by category, a rule that fires on many operations
 * once with the list (one per operation with {@code expand}), every operation as the spec
 * writes it so that it can be searched for.
 */
final class AnalysisReport {

    /** More operations than this under one rule are shown as one entry. */
    static final int GROUP_ABOVE = 3;
    private static final int LISTED = 8;

    private final NormalizedSpec spec;
    private final java.util.Set<String> operations = new java.util.HashSet<>();

    AnalysisReport(NormalizedSpec spec) {
        this.spec = spec;
        spec.surface().operations().forEach(op -> operations.add(op.id()));
    }

    void print(List<AnalyzedThreat> threats, int total, boolean expand, PrintStream out) {
        out.printf("%s: %d operation(s), %d threat(s)%s%n", spec.path(), spec.surface().operations().size(),
                threats.size(), threats.size() == total ? "" : " shown of " + total);
        if (!threats.isEmpty()) {
            summary(threats, out);
        }
        Map<String, List<AnalyzedThreat>> byCategory = new TreeMap<>();
        threats.forEach(t -> byCategory.computeIfAbsent(t.owaspCategory(), c -> new ArrayList<>()).add(t));
        byCategory.forEach((category, inCategory) -> {
            out.printf("%n%s (%d)%n", category, inCategory.size());
            Map<String, List<AnalyzedThreat>> byRule = new LinkedHashMap<>();
            inCategory.stream().sorted(Comparator.comparing((AnalyzedThreat t) -> Severity.valueOf(t.defaultSeverity()))
                            .reversed().thenComparing(AnalyzedThreat::ruleId))
                    .forEach(t -> byRule.computeIfAbsent(t.ruleId(), r -> new ArrayList<>()).add(t));
            byRule.values().forEach(ofRule -> {
                if (!expand && ofRule.size() > GROUP_ABOVE) {
                    grouped(ofRule, out);
                } else {
                    ofRule.forEach(t -> one(t, out));
                }
            });
        });
        spec.findings().forEach(f -> out.println("note: " + f));
    }

    private void summary(List<AnalyzedThreat> threats, PrintStream out) {
        Map<Severity, Long> bySeverity = new TreeMap<>(Comparator.reverseOrder());
        threats.forEach(t -> bySeverity.merge(Severity.valueOf(t.defaultSeverity()), 1L, Long::sum));
        out.println("  by severity: " + bySeverity.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        Map<String, Long> byCategory = new TreeMap<>();
        threats.forEach(t -> byCategory.merge(t.owaspCategory(), 1L, Long::sum));
        out.println("  by category: " + byCategory.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        Map<String, Long> byOperation = new LinkedHashMap<>();
        threats.stream().filter(t -> operations.contains(t.target()))
                .forEach(t -> byOperation.merge(t.targetAsWritten(), 1L, Long::sum));
        if (!byOperation.isEmpty()) {
            out.println("  most threatened: " + byOperation.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")));
        }
    }

    private void one(AnalyzedThreat t, PrintStream out) {
        out.printf("  [%s] %s  %s — %s (%s, %s, line %d)%n", t.defaultSeverity(), t.ruleId(), t.title(),
                t.targetAsWritten(), t.stride(), t.cwe(), t.line());
        t.evidence().forEach(e -> out.println("      evidence: " + e));
        out.println("      countermeasure: " + t.countermeasures().get(0));
    }

    private void grouped(List<AnalyzedThreat> ofRule, PrintStream out) {
        AnalyzedThreat first = ofRule.get(0);
        out.printf("  [%s] %s  %s — on %d targets (--expand shows each with its evidence)%n", first.defaultSeverity(),
                first.ruleId(), first.title(), ofRule.size());
        ofRule.stream().limit(LISTED).forEach(t -> out.printf("      %s (line %d)%n", t.targetAsWritten(), t.line()));
        if (ofRule.size() > LISTED) {
            out.printf("      ... and %d more%n", ofRule.size() - LISTED);
        }
        out.println("      countermeasure: " + first.countermeasures().get(0));
    }
}
