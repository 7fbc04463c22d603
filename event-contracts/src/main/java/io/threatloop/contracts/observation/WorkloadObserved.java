package io.threatloop.contracts.observation;

import java.util.List;

/**
 * A Kubernetes Service (the deployed API surface) as it is now: its ports, its exposure, its
 * owning team and, when annotated, where its spec lives ({@code specSource} a git source name,
 * {@code specPath} a path in it, or {@code liveSpecPath} a path the workload serves).
 * {@code source.revision} is the Service's resourceVersion, {@code source.path} namespace/name.
 */
public record WorkloadObserved(String applicationId, SourceRef source, String namespace, String name,
                               String team, List<WorkloadPort> ports, Exposure exposure, String specSource,
                               String specPath, String liveSpecPath) implements ObservationEvent {
    public WorkloadObserved {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}
