package io.threatloop.notifier.review;

import io.threatloop.contracts.EventData;
import io.threatloop.contracts.model.DataAsset;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ChangeProposed;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.risk.RiskChanged;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the notifier knows of one model for its staleness rules, folded from the model's and
 * risk events: owner, age, last review, changes since, open threats by severity, personal data
 * categories seen in responses.
 */
public record ModelReviewState(String applicationId, String team, Instant createdAt, Instant lastReviewedAt,
                               int changesSinceReview, Map<String, Integer> openBySeverity,
                               Set<String> personalDataInResponses) {

    public ModelReviewState {
        openBySeverity = Map.copyOf(openBySeverity);
        personalDataInResponses = Set.copyOf(personalDataInResponses);
    }

    public static ModelReviewState empty(String applicationId) {
        return new ModelReviewState(applicationId, null, null, null, 0, Map.of(), Set.of());
    }

    /** The highest severity among open rated threats, {@code NONE} without any. */
    public String highestSeverity() {
        return StalenessPolicy.SEVERITIES.stream().filter(s -> openBySeverity.getOrDefault(s, 0) > 0).findFirst()
                .orElse("NONE");
    }

    /** The state after {@code event}, which happened at {@code at}. */
    public ModelReviewState apply(EventData event, Instant at) {
        if (event instanceof ModelCreated) {
            return new ModelReviewState(applicationId, team, createdAt == null ? at : createdAt, lastReviewedAt,
                    changesSinceReview, openBySeverity, personalDataInResponses);
        }
        if (event instanceof ModelReviewed reviewed) {
            return new ModelReviewState(applicationId, team, createdAt, reviewed.reviewedAt(), 0, openBySeverity,
                    personalDataInResponses);
        }
        if (event instanceof OwnerTeamAssigned assigned) {
            return new ModelReviewState(applicationId, assigned.team(), createdAt, lastReviewedAt, changesSinceReview,
                    openBySeverity, personalDataInResponses);
        }
        if (event instanceof RiskChanged changed) {
            Map<String, Integer> counts = new TreeMap<>(openBySeverity);
            if (changed.previous() != null) {
                counts.merge(changed.previous().severity(), -1, (a, b) -> Math.max(0, a + b));
            }
            if (changed.current() != null) {
                counts.merge(changed.current().severity(), 1, Integer::sum);
            }
            counts.values().removeIf(count -> count == 0);
            return new ModelReviewState(applicationId, team, createdAt, lastReviewedAt, changesSinceReview, counts,
                    personalDataInResponses);
        }
        if (event instanceof ChangeProposed) {
            return this; // a proposal changes nothing until it lands and is scanned
        }
        if (event instanceof ModelEvent) {
            Set<String> personal = personalDataInResponses;
            if (event instanceof DataAssetsIdentified identified) {
                personal = new TreeSet<>(personalDataInResponses);
                for (DataAsset asset : identified.assets()) {
                    if (asset.personalData() && asset.locations().stream().anyMatch(l -> l.contains(" response "))) {
                        personal.add(asset.category());
                    }
                }
            }
            return new ModelReviewState(applicationId, team, createdAt == null ? at : createdAt, lastReviewedAt,
                    changesSinceReview + 1, openBySeverity, personal);
        }
        return this;
    }
}
