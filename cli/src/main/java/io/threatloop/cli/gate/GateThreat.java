package io.threatloop.cli.gate;

import io.threatloop.cli.inspect.ReportedThreat;

import java.util.List;

/**
 * A threat at one revision: the rule, the element, where the spec says it, and its OWASP rating
 * in the repository's declared context; {@code acceptance} is the justification when
 * threatmodel.yaml accepts it (until a date not yet passed).
 */
public record GateThreat(String ruleId, String title, String owaspCategory, String cwe, String target, String file,
                         int line, String severity, double score, List<String> evidence,
                         List<String> countermeasures, String acceptance) implements ReportedThreat {

    /** The model's identity of a threat: its rule and its element (the same in every spec). */
    String key() {
        return ruleId + "\n" + target;
    }

    boolean accepted() {
        return acceptance != null;
    }
}
