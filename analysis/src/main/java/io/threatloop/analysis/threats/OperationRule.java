package io.threatloop.analysis.threats;

import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A rule that judges one operation at a time: {@code evidence} says what it found on the
 * operation (nothing when the rule does not apply). The target is the operation's id.
 * {@code readsOtherOperations}: the evidence depends on the API's other operations too (a write
 * compared with the read of its path), not only on the operation and the API's schemes, servers
 * and webhooks, so {@link RuleEvaluation} cannot keep its findings for an unchanged operation.
 */
record OperationRule(RuleDefinition definition, BiFunction<ApiSurface, ApiOperation, List<String>> evidence,
                     boolean readsOtherOperations) implements ThreatRule {

    /** A rule whose evidence depends on the operation and the API's schemes, servers and webhooks only. */
    OperationRule(RuleDefinition definition, BiFunction<ApiSurface, ApiOperation, List<String>> evidence) {
        this(definition, evidence, false);
    }

    /** A rule that compares the operation with the API's other operations. */
    static OperationRule comparing(RuleDefinition definition,
                                   BiFunction<ApiSurface, ApiOperation, List<String>> evidence) {
        return new OperationRule(definition, evidence, true);
    }

    /** The findings on one operation of {@code surface}. */
    List<Finding> evaluate(ApiSurface surface, ApiOperation op) {
        List<String> found = evidence.apply(surface, op);
        return found.isEmpty() ? List.of() : List.of(new Finding(definition, op.id(), op.requiresAuthentication(), found));
    }

    @Override
    public List<Finding> evaluate(ApiSurface surface) {
        List<Finding> findings = new ArrayList<>();
        for (ApiOperation op : surface.operations()) {
            findings.addAll(evaluate(surface, op));
        }
        return findings;
    }
}
