package io.threatloop.contracts.model;

/**
 * A countermeasure against a threat was recorded or moved on. {@code mitigationId} stays the
 * same while its status goes from proposed to implemented to verified.
 */
public record MitigationRecorded(String applicationId, long modelVersion, String threatId, String mitigationId,
                                 String description, MitigationStatus status, String recordedBy)
        implements ModelEvent {
}
