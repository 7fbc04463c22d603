package io.threatloop.risk.scoring;

import io.threatloop.analysis.risk.ThreatRating;
import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.model.ThreatIdentified;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThreatScorerTest {

    private static ThreatIdentified threat(String ruleId, ThreatContext context) {
        return new ThreatIdentified("app", 1, "t", ruleId, "title", "API2:2023", "S", "CWE-306", "GET /a",
                List.of(), context, null);
    }

    @Test
    void internetExposureRaisesTheRiskOfTheSameThreat() {
        ThreatRating.Score internal = ThreatScorer.score(threat("MITM-HTTP-SERVER", new ThreatContext(true, "internal")));
        ThreatRating.Score internet = ThreatScorer.score(threat("MITM-HTTP-SERVER", new ThreatContext(true, "internet")));
        assertThat(internet.rating().likelihood()).isGreaterThan(internal.rating().likelihood());
        assertThat(internal.adjustments()).isEmpty();
        assertThat(internet.adjustments()).extracting(a -> a.contextRule()).containsOnly("internet-exposure");
    }

    @Test
    void anUnknownRuleIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> ThreatScorer.score(threat("NOPE", new ThreatContext(true, "unknown"))))
                .hasMessageContaining("unknown threat rule 'NOPE'").hasMessageContaining("upgrade");
    }
}
