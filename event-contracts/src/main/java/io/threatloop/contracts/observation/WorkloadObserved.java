package io.threatloop.contracts.observation;

import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;

/**
 * A Kubernetes Service (the deployed API surface) as it is now: its ports, its exposure, its
 * owning team and, when annotated, where its spec lives ({@code specSource} a git source name,
 * {@code specPath} a path in it, or {@code liveSpecPath} a path the workload serves).
 * {@code source.revision} is the Service's resourceVersion, {@code source.path} namespace/name.
 * {@code liveSurface} is the spec the workload served at {@code liveSpecPath} (operations served
 * but missing from the repository's spec are shadow APIs); {@code liveSpecProblem} says why it
 * could not be read.
 */
public record WorkloadObserved(String applicationId, SourceRef source, String namespace, String name,
                               String team, List<WorkloadPort> ports, Exposure exposure, String specSource,
                               String specPath, String liveSpecPath, ApiSurface liveSurface,
                               String liveSpecProblem) implements ObservationEvent {
    public WorkloadObserved {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public WorkloadObserved withLiveSpec(ApiSurface surface, String problem) {
        return new WorkloadObserved(applicationId, source, namespace, name, team, ports, exposure, specSource,
                specPath, liveSpecPath, surface, problem);
    }

    public WorkloadObserved withSource(SourceRef newSource) {
        return new WorkloadObserved(applicationId, newSource, namespace, name, team, ports, exposure, specSource,
                specPath, liveSpecPath, liveSurface, liveSpecProblem);
    }
}
