package io.threatloop.analysis.threats;

import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings of one surface, kept so that the next surface of the same spec is judged by what
 * changed: an operation that is equal to the one before, on an API whose schemes, servers and
 * webhooks did not change, keeps its findings of the rules that look at it alone; the rules
 * that compare operations or judge the API as a whole run again. The findings are always those
 * {@link RuleCatalogue#evaluate} gives for the surface (a test holds the two equal over the
 * corpus); a one-operation change to a 5,000-operation spec runs the per-operation rules once
 * instead of 5,000 times.
 */
public final class RuleEvaluation {

    /** The rules that look at one operation alone, and the others (they run on every surface). */
    private static final List<OperationRule> ALONE = RuleCatalogue.rules().stream()
            .filter(RuleEvaluation::alone).map(OperationRule.class::cast).toList();
    private static final List<ThreatRule> WHOLE = RuleCatalogue.rules().stream()
            .filter(rule -> !alone(rule)).toList();

    private static boolean alone(ThreatRule rule) {
        return rule instanceof OperationRule op && !op.readsOtherOperations();
    }

    /**
     * The surface without its operations, title and version: what an operation rule may read
     * besides the operation (no rule reads the title or the version, which change with every release).
     */
    private final ApiSurface context;
    /** Operation id -> the operation and what the rules that look at it alone found there; null if ids repeat. */
    private final Map<String, Judged> byOperation;
    private final List<Finding> findings;

    private record Judged(ApiOperation operation, List<Finding> findings) {
    }

    private RuleEvaluation(ApiSurface context, Map<String, Judged> byOperation, List<Finding> findings) {
        this.context = context;
        this.byOperation = byOperation;
        this.findings = findings;
    }

    /** Every rule over the whole surface. */
    public static RuleEvaluation of(ApiSurface surface) {
        return evaluate(surface, Map.of());
    }

    /** The evaluation of {@code surface}, reusing what this one found on the operations that did not change. */
    public RuleEvaluation next(ApiSurface surface) {
        boolean sameContext = byOperation != null && context.equals(withoutOperations(surface));
        return evaluate(surface, sameContext ? byOperation : Map.of());
    }

    /** In {@link RuleCatalogue#evaluate}'s order ({@link RuleCatalogue#ORDER}). */
    public List<Finding> findings() {
        return findings;
    }

    /** How many operations the evaluation holds (what keeping it costs). */
    public int operations() {
        return byOperation == null ? 0 : byOperation.size();
    }

    private static RuleEvaluation evaluate(ApiSurface surface, Map<String, Judged> before) {
        List<Finding> found = new ArrayList<>();
        Map<String, Judged> judged = new HashMap<>();
        for (ApiOperation op : surface.operations()) {
            Judged previous = before.get(op.id());
            List<Finding> onIt;
            if (previous != null && previous.operation().equals(op)) {
                onIt = previous.findings();
            } else {
                onIt = new ArrayList<>();
                for (OperationRule rule : ALONE) {
                    onIt.addAll(rule.evaluate(surface, op));
                }
            }
            found.addAll(onIt);
            if (judged != null && judged.put(op.id(), new Judged(op, onIt)) != null) {
                judged = null; // two operations with one id (a spec error): nothing to reuse by id next time
            }
        }
        for (ThreatRule rule : WHOLE) {
            found.addAll(rule.evaluate(surface));
        }
        found.sort(RuleCatalogue.ORDER);
        return new RuleEvaluation(withoutOperations(surface), judged, List.copyOf(PublicContent.without(surface, found)));
    }

    private static ApiSurface withoutOperations(ApiSurface surface) {
        return new ApiSurface(null, null, surface.specFormat(), surface.servers(), surface.securitySchemes(),
                List.of(), surface.webhooks());
    }
}
