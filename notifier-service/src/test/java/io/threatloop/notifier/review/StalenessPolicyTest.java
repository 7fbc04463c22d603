package io.threatloop.notifier.review;

import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.risk.RiskRating;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StalenessPolicyTest {

    private static RiskRating rating(String severity) {
        return new RiskRating(5, 5, "MEDIUM", "MEDIUM", severity, 25, Map.of());
    }

    private static RiskChanged change(RiskRating previous, RiskRating current) {
        return new RiskChanged("app", "t", "R", "title", previous, current, List.of(), List.of());
    }

    @Test
    void aNewModelNeedsAReviewWithinThirtyDays() {
        ModelCreated created = new ModelCreated("app", 1, null);
        assertThat(StalenessPolicy.reviewReason(created)).contains("new threat model, never reviewed");
        assertThat(StalenessPolicy.reviewWithin(created)).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aRiskThatBecomesHighOrCriticalNeedsAReviewSooner() {
        assertThat(StalenessPolicy.reviewReason(change(null, rating("HIGH")))).contains("new HIGH risk: title");
        assertThat(StalenessPolicy.reviewReason(change(rating("HIGH"), rating("CRITICAL")))).isPresent();
        assertThat(StalenessPolicy.reviewWithin(change(null, rating("CRITICAL")))).isEqualTo(Duration.ofDays(7));
        assertThat(StalenessPolicy.reviewWithin(change(null, rating("HIGH")))).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void lowerOrUnchangedOrResolvedRisksNeedNoReview() {
        assertThat(StalenessPolicy.reviewReason(change(null, rating("MEDIUM")))).isEmpty();
        assertThat(StalenessPolicy.reviewReason(change(rating("HIGH"), rating("HIGH")))).isEmpty();
        assertThat(StalenessPolicy.reviewReason(change(rating("HIGH"), null))).isEmpty();
        assertThat(StalenessPolicy.reviewReason(new ThreatResolved("app", 2, "t", "R", "fixed", null))).isEmpty();
    }
}
