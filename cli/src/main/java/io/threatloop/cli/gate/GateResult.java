package io.threatloop.cli.gate;

import java.util.List;

/**
 * What a change (base -> head) does to an application's threat model: the specs it touched,
 * the threats it introduces and resolves, the ones whose rating moved, the risk before and
 * after, and why the gate fails (empty: it passes). {@code base} and {@code head} are full commit ids.
 */
public record GateResult(String application, String base, String head, List<SpecDelta> specs,
                         List<GateThreat> introduced, List<GateThreat> resolved, List<Rerated> rerated,
                         RiskSummary before, RiskSummary after, String failOn, List<String> failures) {

    /** One spec file the change touched. {@code change}: added, changed, removed or unreadable. */
    public record SpecDelta(String path, String change, List<String> changes, String error) {
    }

    /** A threat open before and after whose rating moved (e.g. a new data classification). */
    public record Rerated(String ruleId, String target, String from, String to) {
    }

    public boolean passed() {
        return failures.isEmpty();
    }
}
