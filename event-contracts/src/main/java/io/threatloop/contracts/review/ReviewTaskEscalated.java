package io.threatloop.contracts.review;

import java.time.Instant;
import java.util.List;

/** The review task passed its deadline without a review. */
public record ReviewTaskEscalated(String applicationId, String taskId, List<String> reasons, Instant dueBy)
        implements ReviewTaskEvent {
    public ReviewTaskEscalated {
        reasons = List.copyOf(reasons);
    }
}
