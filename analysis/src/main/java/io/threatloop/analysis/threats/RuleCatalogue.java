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

    private static final List<RuleDefinition> DEFINITIONS = java.util.stream.Stream.concat(
            RULES.stream().map(ThreatRule::definition), InventoryRules.definitions().stream()).toList();

    /** Rating a threat looks its rule up: once per threat of a rescore, tens of thousands in a row. */
    private static final java.util.Map<String, RuleDefinition> BY_ID = DEFINITIONS.stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(RuleDefinition::id, d -> d));

    /** Every rule's definition: the surface rules and the {@link InventoryRules}. */
    public static List<RuleDefinition> definitions() {
        return DEFINITIONS;
    }

    public static Optional<RuleDefinition> definition(String ruleId) {
        return Optional.ofNullable(ruleId == null ? null : BY_ID.get(ruleId));
    }

    /** The order of findings: rule id, then target. */
    static final Comparator<Finding> ORDER = Comparator.comparing((Finding f) -> f.rule().id())
            .thenComparing(Finding::target);

    /**
     * All findings for a surface, in a stable order ({@link #ORDER}), without those the API's
     * nature rules out ({@link PublicContent}).
     */
    public static List<Finding> evaluate(ApiSurface surface) {
        return PublicContent.without(surface, RULES.stream()
                .flatMap(rule -> rule.evaluate(surface).stream())
                .sorted(ORDER)
                .toList());
    }
}
