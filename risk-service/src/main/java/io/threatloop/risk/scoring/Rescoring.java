package io.threatloop.risk.scoring;

import io.threatloop.analysis.risk.ModelRiskContext;
import io.threatloop.analysis.risk.ScoringPolicy;
import io.threatloop.analysis.risk.ThreatRating;
import io.threatloop.contracts.risk.Cause;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.risk.RiskRating;
import io.threatloop.risk.scoring.ThreatRiskRows.OpenThreat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Open threats scored again under a context and a policy: a change only where the rating moved,
 * with the new ratings to write. Pure, shared by the rescore of one model after a context event
 * and the rescore of every model after a policy change.
 *
 * @param changes the changes to publish
 * @param ratings the ratings to write
 */
record Rescoring(List<RiskChanged> changes, List<ThreatRiskRows.NewRating> ratings) {

    static Rescoring of(List<OpenThreat> rows, Function<OpenThreat, ModelRiskContext> contextOf, ScoringPolicy policy,
                        List<Cause> causes) {
        List<RiskChanged> changes = new ArrayList<>();
        List<ThreatRiskRows.NewRating> ratings = new ArrayList<>();
        // Threats of the same rule in the same context share a rating: parse and write each once.
        Map<String, RiskRating> parsed = new HashMap<>();
        Map<RiskRating, String> written = new HashMap<>();
        for (OpenThreat row : rows) {
            ThreatRating.Score score = ThreatScorer.score(row.ruleId(), contextOf.apply(row).forThreat(row.threatId(),
                    row.target(), row.authenticated(), row.identifiedExposure()), policy);
            RiskRating previous = parsed.computeIfAbsent(row.rating(), StoredRating::read);
            if (score.rating().equals(previous)) {
                continue;
            }
            ratings.add(new ThreatRiskRows.NewRating(row.threatId(), score.rating().severity(),
                    written.computeIfAbsent(score.rating(), StoredRating::write)));
            changes.add(new RiskChanged(row.applicationId(), row.threatId(), row.ruleId(), row.title(), previous,
                    score.rating(), score.adjustments(), causes));
        }
        return new Rescoring(changes, ratings);
    }
}
