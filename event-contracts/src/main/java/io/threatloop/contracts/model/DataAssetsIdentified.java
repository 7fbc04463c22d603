package io.threatloop.contracts.model;

import java.util.List;

/** The data assets one spec of the application exposes now (empty when it exposes none any more, or was removed). */
public record DataAssetsIdentified(String applicationId, long modelVersion, String specPath, List<DataAsset> assets,
                                   Provenance provenance) implements ModelEvent {
    public DataAssetsIdentified {
        assets = List.copyOf(assets);
    }
}
