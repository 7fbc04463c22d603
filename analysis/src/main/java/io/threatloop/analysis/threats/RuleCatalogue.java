package io.threatloop.analysis.threats;

import io.threatloop.contracts.surface.ApiSurface;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every threat rule threatloop applies to an API description, by family (OWASP API Security Top
 * 10 2023 category, plus identity, parameter and man-in-the-middle attacks). The CLI and
 * model-service both evaluate through here.
 */
public final class RuleCatalogue {

    private static final List<ThreatRule> RULES = java.util.stream.Stream.of(
                    AuthenticationRules.rules(), AuthorizationRules.rules(), PropertyRules.rules(),
                    ResourceRules.rules(), RequestTargetRules.rules(), PayloadRules.rules(), TransportRules.rules(),
                    DocumentedInventoryRules.rules())
            .flatMap(List::stream).toList();

    private RuleCatalogue() {
    }

    public static List<ThreatRule> rules() {
        return RULES;
    }

    /** Every rule's definition: the surface rules and the {@link InventoryRules}. */
    public static List<RuleDefinition> definitions() {
        return java.util.stream.Stream.concat(RULES.stream().map(ThreatRule::definition),
                InventoryRules.definitions().stream()).toList();
    }

    public static Optional<RuleDefinition> definition(String ruleId) {
        return definitions().stream().filter(d -> d.id().equals(ruleId)).findFirst();
    }

    /** All findings for a surface, in a stable order (rule id, then target). */
    public static List<Finding> evaluate(ApiSurface surface) {
        return RULES.stream()
                .flatMap(rule -> rule.evaluate(surface).stream())
                .sorted(Comparator.comparing((Finding f) -> f.rule().id()).thenComparing(Finding::target))
                .toList();
    }
}
