package io.threatloop.analysis.threats;

import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A rule that judges one operation at a time: {@code evidence} says what it found on the
 * operation (nothing when the rule does not apply). The target is the operation's id.
 */
record OperationRule(RuleDefinition definition, BiFunction<ApiSurface, ApiOperation, List<String>> evidence)
        implements ThreatRule {

    @Override
    public List<Finding> evaluate(ApiSurface surface) {
        List<Finding> findings = new ArrayList<>();
        for (ApiOperation op : surface.operations()) {
            List<String> found = evidence.apply(surface, op);
            if (!found.isEmpty()) {
                findings.add(new Finding(definition, op.id(), op.requiresAuthentication(), found));
            }
        }
        return findings;
    }
}
