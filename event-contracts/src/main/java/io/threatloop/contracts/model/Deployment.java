package io.threatloop.contracts.model;

import io.threatloop.contracts.observation.Exposure;
import io.threatloop.contracts.observation.WorkloadPort;

import java.util.List;

/**
 * A workload the application runs as (a Kubernetes Service), as the model knows it: where it
 * runs, how far it is exposed, and which operations it serves. {@code servedOperations} are the
 * operation ids of the spec the workload itself served, null when it serves none (or it could
 * not be read: {@code liveSpecProblem} says why).
 */
public record Deployment(String id, String namespace, String name, List<WorkloadPort> ports, Exposure exposure,
                         String liveSpecPath, List<String> servedOperations, String liveSpecProblem) {
    public Deployment {
        ports = ports == null ? List.of() : List.copyOf(ports);
        servedOperations = servedOperations == null ? null : List.copyOf(servedOperations);
    }
}
