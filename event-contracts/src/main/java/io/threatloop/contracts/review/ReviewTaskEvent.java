package io.threatloop.contracts.review;

import io.threatloop.contracts.EventData;

/** Events on {@code review-tasks}: the lifecycle of a model's review task. */
public sealed interface ReviewTaskEvent extends EventData permits ReviewTaskRaised, ReviewTaskAcknowledged, ReviewTaskSnoozed,
        ReviewTaskEscalated, ReviewTaskClosed {
    String taskId();
}
