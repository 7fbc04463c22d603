package io.threatloop.analysis.threats;

import java.util.List;

/**
 * A rule matched: {@code target} names the model element (an operation id, a server URL) and
 * together with the rule id identifies the threat across model versions.
 */
public record Finding(RuleDefinition rule, String target, boolean targetAuthenticated, List<String> evidence) {
    public Finding {
        evidence = List.copyOf(evidence);
    }
}
