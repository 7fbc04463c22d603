package io.threatloop.contracts.model;

import io.threatloop.contracts.observation.ModelFile;

import java.util.List;

/** The data flows the model file declares now (replacing the previous declaration). */
public record DataFlowsDeclared(String applicationId, long modelVersion, List<ModelFile.DataFlow> dataFlows,
                                Provenance provenance) implements ModelEvent {
    public DataFlowsDeclared {
        dataFlows = List.copyOf(dataFlows);
    }
}
