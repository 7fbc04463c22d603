package io.threatloop.contracts.risk;

/**
 * One link of a causation chain, newest first: {@code kind} is {@code model-event},
 * {@code observation} or {@code revision} (a git commit id or a Kubernetes resourceVersion).
 */
public record Cause(String kind, String id, String description) {
}
