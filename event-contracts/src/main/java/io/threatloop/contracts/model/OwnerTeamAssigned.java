package io.threatloop.contracts.model;

/**
 * The model now belongs to {@code team}: its members see and change it. Assigned by an
 * administrator through the API (and later by the model file or a workload annotation).
 */
public record OwnerTeamAssigned(String applicationId, long modelVersion, String team, String previousTeam,
                                String assignedBy) implements ModelEvent {
}
