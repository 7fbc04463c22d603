package io.threatloop.notifier.review;

import io.threatloop.contracts.EventData;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.risk.RiskRating;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * When a model needs a person to look at it, and by when. The one place for these rules;
 * configurable thresholds and scheduled ageing come with the notifier issue.
 */
public final class StalenessPolicy {

    private static final Set<String> URGENT = Set.of("HIGH", "CRITICAL");

    private StalenessPolicy() {
    }

    /** Why this event makes the model due for review, if it does. */
    public static Optional<String> reviewReason(EventData event) {
        if (event instanceof ModelCreated) {
            return Optional.of("new threat model, never reviewed");
        }
        if (event instanceof RiskChanged changed && becameUrgent(changed.previous(), changed.current())) {
            return Optional.of("new " + changed.current().severity() + " risk: " + changed.title());
        }
        return Optional.empty();
    }

    /** How long a review may take, by the worst severity that asked for it. */
    public static Duration reviewWithin(EventData event) {
        if (event instanceof RiskChanged changed && "CRITICAL".equals(changed.current().severity())) {
            return Duration.ofDays(7);
        }
        if (event instanceof RiskChanged) {
            return Duration.ofDays(14);
        }
        return Duration.ofDays(30);
    }

    private static boolean becameUrgent(RiskRating previous, RiskRating current) {
        return current != null && URGENT.contains(current.severity())
                && (previous == null || !previous.severity().equals(current.severity()));
    }
}
