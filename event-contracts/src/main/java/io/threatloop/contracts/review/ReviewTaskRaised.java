package io.threatloop.contracts.review;

import java.time.Instant;
import java.util.List;

/** A person should review this model, for the reasons given, by {@code dueBy}. */
public record ReviewTaskRaised(String applicationId, String taskId, List<String> reasons, Instant dueBy)
        implements ReviewTaskEvent {
    public ReviewTaskRaised {
        reasons = List.copyOf(reasons);
    }
}
