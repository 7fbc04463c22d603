package io.threatloop.contracts.model;

/** A workload of the application is gone from the cluster. */
public record WorkloadWithdrawn(String applicationId, long modelVersion, String workloadId, Provenance provenance)
        implements ModelEvent {
}
