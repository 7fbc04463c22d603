package io.threatloop.contracts.risk;

import java.util.List;

/**
 * The risk of one threat moved. {@code previous} is null for a new threat, {@code current}
 * null for a resolved one.
 */
public record RiskChanged(
        String applicationId,
        String threatId,
        String ruleId,
        String title,
        RiskRating previous,
        RiskRating current,
        List<FactorAdjustment> adjustments,
        List<Cause> causes) implements RiskEvent {

    public RiskChanged {
        adjustments = List.copyOf(adjustments);
        causes = List.copyOf(causes);
    }
}
