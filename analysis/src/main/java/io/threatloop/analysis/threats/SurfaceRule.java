package io.threatloop.analysis.threats;

import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A rule about the API as a whole (its servers, security schemes, versions): {@code evidence}
 * maps each target it found (e.g. {@code server http://...}, {@code security scheme basic}) to
 * what it found there.
 */
record SurfaceRule(RuleDefinition definition, Function<ApiSurface, Map<String, List<String>>> evidence)
        implements ThreatRule {

    @Override
    public List<Finding> evaluate(ApiSurface surface) {
        return evidence.apply(surface).entrySet().stream()
                // a scheme, a server or the API: whether calls are authenticated is not one answer
                .map(e -> new Finding(definition, e.getKey(), true, e.getValue()))
                .toList();
    }
}
