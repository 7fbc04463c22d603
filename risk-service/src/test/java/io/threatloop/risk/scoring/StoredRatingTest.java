package io.threatloop.risk.scoring;

import io.threatloop.analysis.risk.RiskContext;
import io.threatloop.analysis.risk.ScoringPolicy;
import io.threatloop.analysis.threats.RuleCatalogue;
import io.threatloop.contracts.risk.RiskRating;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compact form of a rating in threat_risks reads back as the rating it was written from. */
class StoredRatingTest {

    @Test
    void everyRatingOfTheCatalogueReadsBackEqual() {
        for (var rule : RuleCatalogue.rules()) {
            for (boolean authenticated : new boolean[] {true, false}) {
                RiskRating rating = ThreatScorer.score(rule.definition().id(),
                        RiskContext.of(authenticated, "internet"), ScoringPolicy.defaults()).rating();

                String stored = StoredRating.write(rating);

                assertThat(StoredRating.read(stored)).isEqualTo(rating);
                assertThat(stored.length()).isLessThan(120);
            }
        }
    }

    @Test
    void readsWhatTheMigrationWroteFromTheNamedForm() {
        RiskRating rating = StoredRating.read("[5.75, 4.5, \"MEDIUM\", \"MEDIUM\", \"MEDIUM\", 25.875,"
                + " [4, 6, 5, 6, 7, 5, 6, 7, 6, 5, 1, 6, 4, 5, 5, 4]]");

        assertThat(rating.likelihood()).isEqualTo(5.75);
        assertThat(rating.score()).isEqualTo(25.875);
        assertThat(rating.severity()).isEqualTo("MEDIUM");
        assertThat(rating.factors()).containsEntry("skillLevel", 4).containsEntry("lossOfAvailability", 1)
                .containsEntry("privacyViolation", 4).hasSize(16);
    }

    @Test
    void aRatingThatIsNotOneIsNamed() {
        assertThatThrownBy(() -> StoredRating.read("{\"likelihood\": 5}"))
                .hasMessageContaining("unreadable rating in threat_risks");
        assertThatThrownBy(() -> StoredRating.write(new RiskRating(1, 1, "LOW", "LOW", "NOTE", 1,
                Map.of("skillLevel", 1)))).hasMessageContaining("without motive");
    }
}
