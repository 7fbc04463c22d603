package io.threatloop.contracts.review;

import java.time.Instant;

/** The review task's deadline moved to {@code until}, for the reason given. */
public record ReviewTaskSnoozed(String applicationId, String taskId, Instant until, String reason, String snoozedBy)
        implements ReviewTaskEvent {
}
