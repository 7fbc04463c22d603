package io.threatloop.contracts.model;

import java.time.Instant;

/**
 * A person judged that a threat does not apply (the rule's evidence is misleading here), until
 * {@code expiresAt} when it is judged again.
 */
public record ThreatMarkedFalsePositive(String applicationId, long modelVersion, String threatId,
                                        String justification, Instant expiresAt, String markedBy)
        implements ModelEvent {
}
