package io.threatloop.contracts.model;

import java.time.Instant;

/** A person reviewed the whole model as of {@code modelVersion - 1}; closes the open review task. */
public record ModelReviewed(String applicationId, long modelVersion, String reviewedBy, Instant reviewedAt,
                            String notes) implements ModelEvent {
}
