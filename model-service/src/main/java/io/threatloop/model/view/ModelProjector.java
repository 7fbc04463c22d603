package io.threatloop.model.view;

import io.threatloop.contracts.IgnoredEvents;
import io.threatloop.contracts.model.AcceptedRisksDeclared;
import io.threatloop.contracts.model.ChangeProposed;
import io.threatloop.contracts.model.Deployment;
import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.WorkloadDeployed;
import io.threatloop.contracts.model.SecurityObjectivesDefined;
import io.threatloop.contracts.model.DataFlowsDeclared;
import io.threatloop.contracts.model.DataAsset;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.DataClassificationDeclared;
import io.threatloop.contracts.observation.ModelFile;
import io.threatloop.contracts.model.WorkloadWithdrawn;
import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.EntryPointChanged;
import io.threatloop.contracts.model.EntryPointRemoved;
import io.threatloop.contracts.model.MitigationRecorded;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.model.SourceScanFailed;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatMarkedFalsePositive;
import io.threatloop.contracts.model.ThreatResolved;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds a model's events into a {@link ModelView}. Mutable while folding, so replaying a long
 * stream costs one pass; {@link #view} reads the result as of a point in time, which decides
 * whether an accepted risk or a false positive has expired.
 */
public final class ModelProjector {

    private final String applicationId;
    private long version;
    private String team;
    private Instant updatedAt;
    private final Map<String, EntryPoint> entryPoints = new TreeMap<>();
    private final Map<String, ModelView.Exposure> exposures = new TreeMap<>();
    private final Map<String, Deployment> deployments = new TreeMap<>();
    private final Map<String, ThreatIdentified> threats = new TreeMap<>();
    private final Map<String, ModelView.Standing> standings = new TreeMap<>();
    private final Map<String, Map<String, ModelView.Mitigation>> mitigations = new TreeMap<>();
    private ModelFile.SecurityObjectives objectives;
    private final Map<String, List<DataAsset>> dataAssets = new TreeMap<>();
    private Map<String, String> classification = Map.of();
    private List<ModelFile.DataFlow> dataFlows = List.of();
    private ModelView.Review lastReview;
    private ModelView.ScanFailure lastScanFailure;

    public ModelProjector(String applicationId) {
        this.applicationId = applicationId;
    }

    public long version() {
        return version;
    }

    /** Folds one event, recorded at {@code recordedAt}. */
    public ModelProjector apply(ModelEvent event, Instant recordedAt) {
        version = event.modelVersion();
        updatedAt = recordedAt;
        if (event instanceof EntryPointAdded added) {
            entryPoints.put(added.entryPoint().id(), added.entryPoint());
        } else if (event instanceof EntryPointChanged changed) {
            entryPoints.put(changed.after().id(), changed.after());
        } else if (event instanceof EntryPointRemoved removed) {
            entryPoints.remove(removed.entryPointId());
            exposures.remove(removed.entryPointId());
        } else if (event instanceof EntryPointExposureChanged changed) {
            exposures.put(changed.entryPointId(), new ModelView.Exposure(changed.level(), changed.via()));
        } else if (event instanceof DataAssetsIdentified identifiedAssets) {
            if (identifiedAssets.assets().isEmpty()) {
                dataAssets.remove(identifiedAssets.specPath());
            } else {
                dataAssets.put(identifiedAssets.specPath(), identifiedAssets.assets());
            }
        } else if (event instanceof DataClassificationDeclared classified) {
            classification = classified.classification();
        } else if (event instanceof SecurityObjectivesDefined defined) {
            objectives = defined.objectives();
        } else if (event instanceof DataFlowsDeclared declared) {
            dataFlows = declared.dataFlows();
        } else if (event instanceof WorkloadDeployed deployed) {
            deployments.put(deployed.deployment().id(), deployed.deployment());
        } else if (event instanceof WorkloadWithdrawn withdrawn) {
            deployments.remove(withdrawn.workloadId());
        } else if (event instanceof ThreatIdentified identified) {
            threats.put(identified.threatId(), identified);
        } else if (event instanceof ThreatResolved resolved) {
            threats.remove(resolved.threatId());
            standings.remove(resolved.threatId());
            mitigations.remove(resolved.threatId());
        } else if (event instanceof OwnerTeamAssigned assigned) {
            team = assigned.team();
        } else if (event instanceof MitigationRecorded recorded) {
            mitigations.computeIfAbsent(recorded.threatId(), id -> new LinkedHashMap<>())
                    .put(recorded.mitigationId(), new ModelView.Mitigation(recorded.mitigationId(),
                            recorded.description(), recorded.status(), recorded.recordedBy(), version));
        } else if (event instanceof RiskAccepted accepted) {
            standings.put(accepted.threatId(), new ModelView.Standing(ModelView.Threat.ACCEPTED,
                    accepted.justification(), accepted.expiresAt(), accepted.acceptedBy(), version));
        } else if (event instanceof ThreatMarkedFalsePositive marked) {
            standings.put(marked.threatId(), new ModelView.Standing(ModelView.Threat.FALSE_POSITIVE,
                    marked.justification(), marked.expiresAt(), marked.markedBy(), version));
        } else if (event instanceof ModelReviewed reviewed) {
            lastReview = new ModelView.Review(reviewed.reviewedBy(), reviewed.reviewedAt(), reviewed.notes(), version);
        } else if (event instanceof SourceScanFailed failed) {
            lastScanFailure = new ModelView.ScanFailure(failed.reason(), failed.location(), version);
        } else {
            IGNORED.require(event);
        }
        return this;
    }

    /** Not shown in the view: creation is its version 1, proposals and declared acceptances are not its state. */
    private static final IgnoredEvents IGNORED = IgnoredEvents.by("ModelProjector.apply", ModelCreated.class,
            ChangeProposed.class, AcceptedRisksDeclared.class);

    /** The model as folded so far, with standings judged at {@code asOf}. */
    public ModelView view(Instant asOf) {
        List<ModelView.Threat> threatViews = new ArrayList<>();
        for (ThreatIdentified t : threats.values()) {
            ModelView.Standing standing = standings.get(t.threatId());
            boolean standingHolds = standing != null && standing.expiresAt().isAfter(asOf);
            threatViews.add(new ModelView.Threat(t.threatId(), t.ruleId(), t.title(), t.owaspCategory(), t.stride(),
                    t.cwe(), t.target(), t.evidence(), t.modelVersion(),
                    standingHolds ? standing.kind() : ModelView.Threat.OPEN, standing,
                    List.copyOf(mitigations.getOrDefault(t.threatId(), Map.of()).values())));
        }
        List<DataAsset> assets = new ArrayList<>();
        // the model file's classification overrides the default of a category
        dataAssets.values().forEach(list -> list.forEach(asset -> assets.add(
                asset.classified(classification.getOrDefault(asset.category(), asset.classification())))));
        Map<String, ModelView.Exposure> exposureView = java.util.Collections.unmodifiableMap(new TreeMap<>(exposures));
        return new ModelView(applicationId, version, team, updatedAt, objectives,
                Decomposition.dataFlows(entryPoints, exposureView, dataFlows),
                Decomposition.trustBoundaries(entryPoints, exposureView, deployments), assets,
                List.copyOf(entryPoints.values()),
                exposureView, List.copyOf(deployments.values()), threatViews, lastReview, lastScanFailure);
    }
}
