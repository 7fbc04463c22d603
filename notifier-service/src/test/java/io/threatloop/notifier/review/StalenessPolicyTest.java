package io.threatloop.notifier.review;

import io.threatloop.contracts.EventData;
import io.threatloop.contracts.model.DataAsset;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.risk.RiskRating;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StalenessPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final StalenessPolicy policy = StalenessPolicy.defaults();

    private static RiskRating rating(String severity) {
        return new RiskRating(5, 5, "MEDIUM", "MEDIUM", severity, 25, Map.of());
    }

    private static RiskChanged change(RiskRating previous, RiskRating current) {
        return new RiskChanged("app", "t", "R", "title", previous, current, List.of(), List.of());
    }

    /** The reasons an event gives, after the events before it. */
    private List<String> reasons(List<EventData> before, EventData event) {
        ModelReviewState state = ModelReviewState.empty("app");
        for (EventData e : before) {
            state = state.apply(e, T0);
        }
        return policy.driftReasons(state, state.apply(event, T0), event);
    }

    private static ThreatIdentified threat(String ruleId, String target) {
        return new ThreatIdentified("app", 2, "t-" + target, ruleId, "title", "API9:2023", "I", "CWE-1", target,
                List.of(), new ThreatContext(true, "internet"), null);
    }

    @Test
    void aNewModelNeedsAReviewAndATaskForItIsDueInThirtyDays() {
        assertThat(reasons(List.of(), new ModelCreated("app", 1, null))).containsExactly("new threat model, never reviewed");
        assertThat(policy.reviewWithin(ModelReviewState.empty("app"))).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aRiskThatBecomesHighOrCriticalNeedsAReviewAndShortensTheDeadline() {
        assertThat(reasons(List.of(), change(null, rating("HIGH")))).containsExactly("new HIGH risk: title");
        assertThat(reasons(List.of(), change(rating("HIGH"), rating("CRITICAL")))).hasSize(1);
        ModelReviewState critical = ModelReviewState.empty("app").apply(change(null, rating("CRITICAL")), T0);
        assertThat(critical.highestSeverity()).isEqualTo("CRITICAL");
        assertThat(policy.reviewWithin(critical)).isEqualTo(Duration.ofDays(7));
        ModelReviewState resolved = critical.apply(change(rating("CRITICAL"), null), T0);
        assertThat(resolved.highestSeverity()).isEqualTo("NONE");
    }

    @Test
    void lowerUnchangedOrResolvedRisksNeedNoReview() {
        assertThat(reasons(List.of(), change(null, rating("MEDIUM")))).isEmpty();
        assertThat(reasons(List.of(), change(rating("HIGH"), rating("HIGH")))).isEmpty();
        assertThat(reasons(List.of(), change(rating("HIGH"), null))).isEmpty();
        assertThat(reasons(List.of(), new ThreatResolved("app", 2, "t", "R", "fixed", null))).isEmpty();
    }

    @Test
    void theTwentiethUnreviewedChangeAsksForAReviewOnceAndAReviewStartsTheCountAgain() {
        List<EventData> nineteen = new java.util.ArrayList<>();
        for (int i = 0; i < 19; i++) {
            nineteen.add(new ThreatResolved("app", i, "t" + i, "R", "fixed", null));
        }
        EventData twentieth = new ThreatResolved("app", 20, "t20", "R", "fixed", null);
        assertThat(reasons(nineteen, twentieth)).containsExactly("20 changes since the last review");
        List<EventData> twenty = new java.util.ArrayList<>(nineteen);
        twenty.add(twentieth);
        assertThat(reasons(twenty, new ThreatResolved("app", 21, "t21", "R", "fixed", null))).isEmpty();
        twenty.add(new ModelReviewed("app", 22, "rita", T0, "ok"));
        assertThat(reasons(twenty, twentieth)).isEmpty();
    }

    @Test
    void driftTriggersNameWhatChanged() {
        assertThat(reasons(List.of(), new EntryPointExposureChanged("app", 2, "GET /a", "cluster-internal", "internet",
                List.of("ingress/shop"), null))).containsExactly("newly exposed to the internet: GET /a");
        assertThat(reasons(List.of(), new EntryPointExposureChanged("app", 2, "GET /a", "internet", "internet",
                List.of(), null))).isEmpty();

        DataAssetsIdentified email = new DataAssetsIdentified("app", 2, "openapi.yaml", List.of(
                new DataAsset("email", "confidential", true, List.of("GET /users response email")),
                new DataAsset("password", "restricted", false, List.of("POST /login request password"))), null);
        assertThat(reasons(List.of(), email)).containsExactly("new personal data in responses: email");
        assertThat(reasons(List.of(email), email)).as("already known").isEmpty();
        assertThat(reasons(List.of(), new DataAssetsIdentified("app", 2, "openapi.yaml", List.of(
                new DataAsset("email", "confidential", true, List.of("POST /users request email"))), null)))
                .as("only in requests").isEmpty();

        assertThat(reasons(List.of(), threat(StalenessPolicy.SHADOW_RULE, "GET /internal/debug")))
                .containsExactly("shadow API found: GET /internal/debug");
        assertThat(reasons(List.of(), threat("API2-NO-AUTH", "GET /x"))).isEmpty();
    }

    @Test
    void aTriggerLeftOutOfThePolicyRaisesNothing() {
        StalenessPolicy quiet = new StalenessPolicy(policy.maxReviewAge(), 0, policy.reviewWithin(), Set.of());
        ModelReviewState before = ModelReviewState.empty("app");
        ThreatIdentified shadow = threat(StalenessPolicy.SHADOW_RULE, "GET /debug");
        assertThat(quiet.driftReasons(before, before.apply(shadow, T0), shadow)).isEmpty();
    }

    @Test
    void aModelIsOverdueAfterTheIntervalOfItsHighestSeverity() {
        ModelReviewState created = ModelReviewState.empty("app").apply(new ModelCreated("app", 1, null), T0);
        assertThat(policy.overdueReason(created, T0.plus(Duration.ofDays(365)))).isEmpty();
        assertThat(policy.overdueReason(created, T0.plus(Duration.ofDays(366))))
                .contains("never reviewed in 366 days; models with highest severity NONE are reviewed every 365 days");

        ModelReviewState high = created.apply(change(null, rating("HIGH")), T0)
                .apply(new ModelReviewed("app", 3, "rita", T0.plus(Duration.ofDays(10)), "fine"), T0);
        assertThat(policy.overdueReason(high, T0.plus(Duration.ofDays(70)))).isEmpty();
        assertThat(policy.overdueReason(high, T0.plus(Duration.ofDays(71))))
                .contains("last reviewed 61 days ago; models with highest severity HIGH are reviewed every 60 days");
    }

    @Test
    void anInvalidPolicyNamesTheField() {
        java.util.Map<String, Duration> age = new java.util.HashMap<>(policy.maxReviewAge());
        age.remove("HIGH");
        assertThatThrownBy(() -> new StalenessPolicy(age, 20, policy.reviewWithin(), Set.of()))
                .isInstanceOfSatisfying(StalenessPolicy.InvalidPolicy.class,
                        e -> assertThat(e.field()).isEqualTo("maxReviewAge.HIGH"));
        assertThatThrownBy(() -> new StalenessPolicy(policy.maxReviewAge(), -1, policy.reviewWithin(), Set.of()))
                .hasMessageContaining("unreviewedChanges");
        assertThatThrownBy(() -> new StalenessPolicy(policy.maxReviewAge(), 1, policy.reviewWithin(), Set.of("typo")))
                .hasMessageContaining("unknown trigger 'typo'");
    }
}
