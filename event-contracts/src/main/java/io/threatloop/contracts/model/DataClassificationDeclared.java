package io.threatloop.contracts.model;

import java.util.Map;

/**
 * The levels the model file gives data categories now (category -> public, internal,
 * confidential or restricted), overriding the defaults of the data assets.
 */
public record DataClassificationDeclared(String applicationId, long modelVersion, Map<String, String> classification,
                                         Provenance provenance) implements ModelEvent {
    public DataClassificationDeclared {
        classification = Map.copyOf(classification);
    }
}
