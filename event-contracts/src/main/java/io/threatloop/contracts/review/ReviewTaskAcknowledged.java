package io.threatloop.contracts.review;

/** Someone took the review task on: it stays open until the model is reviewed. */
public record ReviewTaskAcknowledged(String applicationId, String taskId, String acknowledgedBy)
        implements ReviewTaskEvent {
}
