package io.threatloop.analysis.threats;

import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;

/** API2:2023 Broken Authentication: an operation anyone can call without credentials. */
public final class OperationWithoutAuthentication implements ThreatRule {

    static final RuleDefinition DEFINITION = new RuleDefinition(
            "API2-NO-AUTH",
            "Operation without authentication",
            "API2:2023",
            "Spoofing",
            "CWE-306",
            "The operation declares no security requirement (or allows anonymous access), so any client can call it.",
            List.of("Require an authentication scheme on the operation or globally",
                    "Authorize with broad identity context (user, client, tenant) at the gateway and in the service"),
            new RiskFactors(3, 6, 7, 6, 7, 7, 6, 8, 6, 5, 2, 7, 5, 5, 5, 5));

    @Override
    public RuleDefinition definition() {
        return DEFINITION;
    }

    @Override
    public List<Finding> evaluate(ApiSurface surface) {
        return surface.operations().stream()
                .filter(op -> !op.requiresAuthentication())
                .map(op -> new Finding(DEFINITION, op.id(), false, List.of(evidence(op))))
                .toList();
    }

    private static String evidence(ApiOperation op) {
        return op.security().isEmpty()
                ? op.id() + " has no security requirement and the spec declares none globally"
                : op.id() + " lists anonymous access ({}) among its security alternatives";
    }
}
