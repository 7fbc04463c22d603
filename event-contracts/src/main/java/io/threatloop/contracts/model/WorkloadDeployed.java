package io.threatloop.contracts.model;

/** The application runs as this workload now: seen for the first time, or changed (ports, exposure, what it serves). */
public record WorkloadDeployed(String applicationId, long modelVersion, Deployment deployment, Provenance provenance)
        implements ModelEvent {
}
