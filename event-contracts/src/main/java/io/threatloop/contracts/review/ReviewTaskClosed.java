package io.threatloop.contracts.review;

public record ReviewTaskClosed(String applicationId, String taskId, String reason) implements ReviewTaskEvent {
}
