package io.threatloop.cli.inspect;

import io.threatloop.analysis.risk.OwaspRiskRating;
import io.threatloop.analysis.threats.RuleDefinition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 (OASIS) for code-scanning UIs: one rule per threatloop rule with its OWASP, STRIDE
 * and CWE tags, one result per threat located at its line in the spec file. {@code level} and
 * GitHub's {@code security-severity} (0-10) come from the rule's default OWASP Risk Rating
 * (score = likelihood x impact, 0-81, divided by 8.1).
 */
public final class SarifReport {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifReport() {
    }

    /** The SARIF log as a tree of maps and lists, ready for a JSON writer. */
    public static Map<String, Object> of(List<? extends ReportedThreat> threats, List<RuleDefinition> rules) {
        String version = version();
        List<Map<String, Object>> ruleEntries = new ArrayList<>();
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (RuleDefinition rule : rules) {
            ruleIndex.put(rule.id(), ruleEntries.size());
            var rating = OwaspRiskRating.rate(rule.defaultFactors(), true);
            ruleEntries.add(map(
                    "id", rule.id(),
                    "name", rule.title(),
                    "shortDescription", Map.of("text", rule.title()),
                    "fullDescription", Map.of("text", rule.rationale()),
                    "help", Map.of("text", "Countermeasures: " + String.join("; ", rule.countermeasures()),
                            "markdown", "**Countermeasures**\n\n- " + String.join("\n- ", rule.countermeasures())),
                    "defaultConfiguration", Map.of("level", level(rating.severity())),
                    "properties", map(
                            "tags", List.of("security", "owasp-api-" + rule.owaspCategory(), "stride-"
                                    + rule.stride().toLowerCase(Locale.ROOT).replace(' ', '-'),
                                    "external/cwe/" + rule.cwe().toLowerCase(Locale.ROOT)),
                            "security-severity", securitySeverity(rating.score()))));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (ReportedThreat threat : threats) {
            Map<String, Object> result = map(
                    "ruleId", threat.ruleId(),
                    "ruleIndex", ruleIndex.getOrDefault(threat.ruleId(), -1),
                    "level", level(threat.severity()),
                    "message", Map.of("text", threat.title() + " — " + threat.targetAsWritten() + ": "
                            + String.join("; ", threat.evidence())),
                    "locations", List.of(Map.of("physicalLocation", map(
                            "artifactLocation", Map.of("uri", threat.file()),
                            "region", Map.of("startLine", threat.line())))),
                    "partialFingerprints", Map.of("threatloopRuleTarget/v1",
                            fingerprint(threat.ruleId() + "\n" + threat.target())));
            if (threat.acceptance() != null) { // accepted in threatmodel.yaml: shown, dismissed
                result.put("suppressions", List.of(Map.of("kind", "external", "status", "accepted",
                        "justification", threat.acceptance())));
            }
            results.add(result);
        }
        return map(
                "$schema", SCHEMA,
                "version", "2.1.0",
                "runs", List.of(map(
                        "tool", Map.of("driver", map(
                                "name", "threatloop",
                                "semanticVersion", version,
                                "rules", ruleEntries)),
                        "results", results)));
    }

    /** The CLI's version from its jar's manifest (the development version when run from classes). */
    private static String version() {
        String version = SarifReport.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }

    static String level(String severity) {
        return switch (severity) {
            case "CRITICAL", "HIGH" -> "error";
            case "MEDIUM" -> "warning";
            default -> "note";
        };
    }

    private static String securitySeverity(double score) {
        return String.format(Locale.ROOT, "%.1f", Math.min(10.0, score / 8.1));
    }

    private static String fingerprint(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An insertion-ordered map, so the JSON reads in the order SARIF documents list the properties. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
