package io.threatloop.contracts.risk;

/** A context rule moved one factor from the rule's default; says which rule and why. */
public record FactorAdjustment(String factor, int from, int to, String contextRule, String reason) {
}
