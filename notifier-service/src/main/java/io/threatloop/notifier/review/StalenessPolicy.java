package io.threatloop.notifier.review;

import io.threatloop.contracts.EventData;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.risk.RiskRating;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a model needs a person to look at it, and by when: the one place for these rules.
 *
 * @param maxReviewAge      how old the last review (or the model, if never reviewed) may get, by the
 *                          model's highest severity ({@code NONE}: no rated threat open)
 * @param unreviewedChanges changes to a model since its last review that call for one (0: never)
 * @param reviewWithin      how long a raised task may stay open before it is escalated, by the
 *                          model's highest severity
 * @param triggers          which drift triggers raise a task: {@code new-urgent-risk} (a risk
 *                          becomes HIGH or CRITICAL), {@code internet-exposure}, {@code personal-data}
 *                          (new personal data in responses), {@code shadow-api}
 */
public record StalenessPolicy(Map<String, Duration> maxReviewAge, int unreviewedChanges,
                              Map<String, Duration> reviewWithin, Set<String> triggers) {

    public static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "NOTE", "NONE");
    public static final Set<String> TRIGGERS = Set.of("new-urgent-risk", "internet-exposure", "personal-data",
            "shadow-api");
    private static final Set<String> URGENT = Set.of("HIGH", "CRITICAL");
    static final String SHADOW_RULE = "API9-SHADOW-OPERATION";

    /** A policy field that is missing or out of range, named as in the JSON document. */
    public static final class InvalidPolicy extends IllegalArgumentException {
        private final String field;

        InvalidPolicy(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public StalenessPolicy {
        maxReviewAge = Map.copyOf(maxReviewAge);
        reviewWithin = Map.copyOf(reviewWithin);
        triggers = Set.copyOf(triggers);
        for (String severity : SEVERITIES) {
            positive("maxReviewAge." + severity, maxReviewAge.get(severity));
            positive("reviewWithin." + severity, reviewWithin.get(severity));
        }
        for (String key : maxReviewAge.keySet()) {
            known("maxReviewAge." + key, key);
        }
        for (String key : reviewWithin.keySet()) {
            known("reviewWithin." + key, key);
        }
        if (unreviewedChanges < 0) {
            throw new InvalidPolicy("unreviewedChanges", "must be 0 (never) or more, not " + unreviewedChanges);
        }
        for (String trigger : triggers) {
            if (!TRIGGERS.contains(trigger)) {
                throw new InvalidPolicy("triggers", "unknown trigger '" + trigger + "'; known: " + new TreeSet<>(TRIGGERS));
            }
        }
    }

    /** Critical models reviewed every 30 days, high 60, medium 90, low and note 180, others yearly. */
    public static StalenessPolicy defaults() {
        Map<String, Duration> age = new LinkedHashMap<>();
        age.put("CRITICAL", Duration.ofDays(30));
        age.put("HIGH", Duration.ofDays(60));
        age.put("MEDIUM", Duration.ofDays(90));
        age.put("LOW", Duration.ofDays(180));
        age.put("NOTE", Duration.ofDays(180));
        age.put("NONE", Duration.ofDays(365));
        Map<String, Duration> within = new LinkedHashMap<>();
        within.put("CRITICAL", Duration.ofDays(7));
        within.put("HIGH", Duration.ofDays(14));
        for (String severity : List.of("MEDIUM", "LOW", "NOTE", "NONE")) {
            within.put(severity, Duration.ofDays(30));
        }
        return new StalenessPolicy(age, 20, within, TRIGGERS);
    }

    /** Why this event makes the model due for review, given what was known before it. */
    public List<String> driftReasons(ModelReviewState before, ModelReviewState after, EventData event) {
        List<String> reasons = new ArrayList<>();
        if (event instanceof ModelCreated) {
            reasons.add("new threat model, never reviewed");
        }
        if (unreviewedChanges > 0 && after.changesSinceReview() >= unreviewedChanges
                && before.changesSinceReview() < unreviewedChanges) {
            reasons.add(unreviewedChanges + " changes since the last review");
        }
        if (triggers.contains("new-urgent-risk") && event instanceof RiskChanged changed
                && becameUrgent(changed.previous(), changed.current())) {
            reasons.add("new " + changed.current().severity() + " risk: " + changed.title());
        }
        if (triggers.contains("internet-exposure") && event instanceof EntryPointExposureChanged exposure
                && "internet".equals(exposure.level()) && !"internet".equals(exposure.previousLevel())) {
            reasons.add("newly exposed to the internet: " + exposure.entryPointId());
        }
        if (triggers.contains("personal-data") && event instanceof DataAssetsIdentified) {
            Set<String> added = new TreeSet<>(after.personalDataInResponses());
            added.removeAll(before.personalDataInResponses());
            if (!added.isEmpty()) {
                reasons.add("new personal data in responses: " + String.join(", ", added));
            }
        }
        if (triggers.contains("shadow-api") && event instanceof ThreatIdentified threat
                && SHADOW_RULE.equals(threat.ruleId())) {
            reasons.add("shadow API found: " + threat.target());
        }
        return reasons;
    }

    /** Why the model is overdue for review at {@code now}, if it is. */
    public Optional<String> overdueReason(ModelReviewState state, Instant now) {
        Instant since = state.lastReviewedAt() != null ? state.lastReviewedAt() : state.createdAt();
        if (since == null) {
            return Optional.empty();
        }
        String severity = state.highestSeverity();
        Duration maxAge = maxReviewAge.get(severity);
        if (Duration.between(since, now).compareTo(maxAge) <= 0) {
            return Optional.empty();
        }
        long days = Duration.between(since, now).toDays();
        return Optional.of((state.lastReviewedAt() == null ? "never reviewed in " + days + " days"
                : "last reviewed " + days + " days ago") + "; models with highest severity " + severity
                + " are reviewed every " + maxAge.toDays() + " days");
    }

    /** How long a task raised now may stay open, by the model's highest severity. */
    public Duration reviewWithin(ModelReviewState state) {
        return reviewWithin.get(state.highestSeverity());
    }

    private static boolean becameUrgent(RiskRating previous, RiskRating current) {
        return current != null && URGENT.contains(current.severity())
                && (previous == null || !previous.severity().equals(current.severity()));
    }

    private static void positive(String field, Duration value) {
        if (value == null) {
            throw new InvalidPolicy(field, "missing (an ISO-8601 duration such as P30D)");
        }
        if (value.isNegative() || value.isZero()) {
            throw new InvalidPolicy(field, "must be longer than zero, not " + value);
        }
    }

    private static void known(String field, String severity) {
        if (!SEVERITIES.contains(severity)) {
            throw new InvalidPolicy(field, "unknown severity; known: " + SEVERITIES);
        }
    }
}
