package io.threatloop.analysis.threats;

import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;

/** One detection rule over a normalized API surface. Implementations are pure and stateless. */
public interface ThreatRule {
    RuleDefinition definition();

    List<Finding> evaluate(ApiSurface surface);
}
