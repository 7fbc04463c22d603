package io.threatloop.contracts.model;

import java.util.List;

/**
 * How far an entry point can be reached changed. {@code level} is {@code internet},
 * {@code node-port}, {@code cluster-internal}, {@code namespace-isolated}, or
 * {@code not-deployed}; {@code via} names the routes (kind, resource, host and path, TLS) it is
 * reached through.
 */
public record EntryPointExposureChanged(String applicationId, long modelVersion, String entryPointId,
                                        String previousLevel, String level, List<String> via, Provenance provenance)
        implements ModelEvent {
    public EntryPointExposureChanged {
        via = List.copyOf(via);
    }
}
