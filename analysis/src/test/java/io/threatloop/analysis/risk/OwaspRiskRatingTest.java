package io.threatloop.analysis.risk;

import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.risk.RiskRating;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OwaspRiskRatingTest {

    /** The worked example of the OWASP Risk Rating Methodology page. */
    private static final RiskFactors WORKED_EXAMPLE = new RiskFactors(5, 2, 7, 1, 3, 6, 9, 2, 9, 7, 5, 8, 1, 2, 1, 5);

    @Test
    void reproducesTheMethodologysWorkedExampleWithTechnicalImpact() {
        RiskRating rating = OwaspRiskRating.rate(WORKED_EXAMPLE, false);
        assertThat(rating.likelihood()).isEqualTo(4.375);
        assertThat(rating.likelihoodLevel()).isEqualTo("MEDIUM");
        assertThat(rating.impact()).isEqualTo(7.25);
        assertThat(rating.impactLevel()).isEqualTo("HIGH");
        assertThat(rating.severity()).isEqualTo("HIGH");
    }

    @Test
    void reproducesTheWorkedExampleWithBusinessImpact() {
        RiskRating rating = OwaspRiskRating.rate(WORKED_EXAMPLE, true);
        assertThat(rating.impact()).isEqualTo(2.25);
        assertThat(rating.impactLevel()).isEqualTo("LOW");
        assertThat(rating.severity()).isEqualTo("LOW");
    }

    @Test
    void theSeverityMatrixMatchesTheMethodology() {
        assertThat(Severity.of(Level.LOW, Level.LOW)).isEqualTo(Severity.NOTE);
        assertThat(Severity.of(Level.HIGH, Level.LOW)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.of(Level.LOW, Level.HIGH)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.of(Level.MEDIUM, Level.MEDIUM)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.of(Level.HIGH, Level.HIGH)).isEqualTo(Severity.CRITICAL);
        assertThat(Level.of(2.99)).isEqualTo(Level.LOW);
        assertThat(Level.of(3)).isEqualTo(Level.MEDIUM);
        assertThat(Level.of(6)).isEqualTo(Level.HIGH);
    }

    @Test
    void factorsOutsideZeroToNineAreRefused() {
        assertThatThrownBy(() -> WORKED_EXAMPLE.with("motive", 10)).hasMessageContaining("motive must be 0-9");
    }

    @Test
    void contextRulesRaiseFactorsAndSayWhy() {
        ContextRules.Result result = ContextRules.apply(WORKED_EXAMPLE, new ThreatContext(false, "internet"));
        assertThat(result.factors().opportunity()).isEqualTo(9);
        assertThat(result.factors().size()).isEqualTo(9);
        assertThat(result.factors().easeOfExploit()).isEqualTo(9);
        assertThat(result.adjustments()).extracting(a -> a.contextRule())
                .containsOnly("internet-exposure", "no-authentication");

        ContextRules.Result none = ContextRules.apply(WORKED_EXAMPLE, new ThreatContext(true, "internal"));
        assertThat(none.factors()).isEqualTo(WORKED_EXAMPLE);
        assertThat(none.adjustments()).isEmpty();
    }
}
