package io.threatloop.contracts.model;

import java.time.Instant;

/**
 * The owner accepted the risk of an open threat until {@code expiresAt}: the threat stays in the
 * model and keeps its score, marked accepted; after the expiry it counts again.
 */
public record RiskAccepted(String applicationId, long modelVersion, String threatId, String justification,
                           Instant expiresAt, String acceptedBy) implements ModelEvent {
}
