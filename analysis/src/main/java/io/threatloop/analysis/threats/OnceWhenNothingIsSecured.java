package io.threatloop.analysis.threats;

import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;
import java.util.function.BiFunction;

/**
 * A rule about how operations are secured, said per operation where sibling operations are
 * secured (that one was left out), and once for the API where none is: a finding per operation
 * would repeat one fact hundreds of times (GitHub's 2017 spec: 242 findings said one thing).
 */
record OnceWhenNothingIsSecured(RuleDefinition definition,
                                BiFunction<ApiSurface, ApiOperation, List<String>> evidence,
                                BiFunction<ApiSurface, List<ApiOperation>, String> wholeApi) implements ThreatRule {

    /** The target of a finding about the API as a whole. */
    static final String API = "api";

    @Override
    public List<Finding> evaluate(ApiSurface surface) {
        List<ApiOperation> matched = surface.operations().stream()
                .filter(op -> !evidence.apply(surface, op).isEmpty()).toList();
        boolean nothingSecured = surface.operations().stream().noneMatch(ApiOperation::requiresAuthentication);
        if (nothingSecured && matched.size() > 1) {
            return List.of(new Finding(definition, API, false, List.of(wholeApi.apply(surface, matched))));
        }
        return matched.stream().map(op -> new Finding(definition, op.id(), op.requiresAuthentication(),
                evidence.apply(surface, op))).toList();
    }

    /** The first operations, for the evidence: {@code GET /a, POST /b, GET /c, ...}. */
    static String examples(List<ApiOperation> operations) {
        return String.join(", ", operations.stream().limit(3).map(ApiOperation::id).toList())
                + (operations.size() > 3 ? ", ..." : "");
    }
}
