package io.threatloop.model.view;

import io.threatloop.contracts.model.DataAsset;
import io.threatloop.contracts.model.Deployment;
import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.model.MitigationStatus;
import io.threatloop.contracts.observation.ModelFile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A threat model as the API shows it, at one version: what {@link ModelProjector} folds from
 * the event log. Lists are ordered by id so equal models serialize equally.
 */
public record ModelView(
        String applicationId,
        long version,
        String team,
        Instant updatedAt,
        ModelFile.SecurityObjectives objectives,
        List<DataFlow> dataFlows,
        List<TrustBoundary> trustBoundaries,
        List<DataAsset> dataAssets,
        List<EntryPoint> entryPoints,
        Map<String, Exposure> exposure,
        List<Deployment> deployments,
        List<Threat> threats,
        Review lastReview,
        ScanFailure lastScanFailure) {

    /** A trust boundary: what is {@code inside} it, and which entry points cross it, and how. */
    public record TrustBoundary(String name, String kind, List<String> inside, List<String> crossedBy) {
    }

    /** A data flow, {@code derived} (a client to an entry point) or {@code declared} in the model file. */
    public record DataFlow(String from, String to, List<String> data, String protocol, String origin) {
    }

    /** How far an entry point can be reached, and through what. */
    public record Exposure(String level, List<String> via) {
    }

    /** A threat open at this version, with its standing and countermeasures. */
    public record Threat(String threatId, String ruleId, String title, String owaspCategory, String stride,
                         String cwe, String target, List<String> evidence, long identifiedInVersion,
                         String status, Standing standing, List<Mitigation> mitigations) {
        public static final String OPEN = "open";
        public static final String ACCEPTED = "accepted";
        public static final String FALSE_POSITIVE = "false-positive";
    }

    /** Why an open threat does not count now: an accepted risk or a false positive, until it expires. */
    public record Standing(String kind, String justification, Instant expiresAt, String by, long version) {
    }

    public record Mitigation(String mitigationId, String description, MitigationStatus status, String by,
                             long version) {
    }

    public record Review(String reviewedBy, Instant reviewedAt, String notes, long version) {
    }

    public record ScanFailure(String reason, String location, long version) {
    }
}
