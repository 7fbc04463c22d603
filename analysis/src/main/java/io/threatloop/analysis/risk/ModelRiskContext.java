package io.threatloop.analysis.risk;

import io.threatloop.contracts.IgnoredEvents;
import io.threatloop.contracts.model.AcceptedRisksDeclared;
import io.threatloop.contracts.model.ChangeProposed;
import io.threatloop.contracts.model.DataAsset;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.DataClassificationDeclared;
import io.threatloop.contracts.model.DataFlowsDeclared;
import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.EntryPointChanged;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.EntryPointRemoved;
import io.threatloop.contracts.model.MitigationRecorded;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.model.SecurityObjectivesDefined;
import io.threatloop.contracts.model.SourceScanFailed;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatMarkedFalsePositive;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.model.WorkloadDeployed;
import io.threatloop.contracts.model.WorkloadWithdrawn;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model's events say about the surroundings of its threats, folded from
 * {@code threatmodel-events}: entry point exposure, data assets and their classification,
 * compliance scopes, and each threat's mitigations. Pure: {@link #apply} returns the next state.
 *
 * @param exposures      entry point id -> internet, node-port, cluster-internal, namespace-isolated,
 *                       not-deployed
 * @param dataAssets     spec path -> its data assets
 * @param classification data category -> level the model file declares
 * @param mitigations    threat id -> mitigation id -> status (proposed, implemented, verified)
 */
public record ModelRiskContext(Map<String, String> exposures, Map<String, List<DataAsset>> dataAssets,
                               Map<String, String> classification, List<String> complianceScopes,
                               Map<String, Map<String, String>> mitigations) {

    private static final List<String> STATUS_ORDER = List.of("proposed", "implemented", "verified");

    public ModelRiskContext {
        exposures = Map.copyOf(exposures);
        dataAssets = Map.copyOf(dataAssets);
        classification = Map.copyOf(classification);
        complianceScopes = List.copyOf(complianceScopes);
        mitigations = Map.copyOf(mitigations);
    }

    public static ModelRiskContext empty() {
        return new ModelRiskContext(Map.of(), Map.of(), Map.of(), List.of(), Map.of());
    }

    /**
     * What says nothing about a threat's surroundings: the threats themselves (scored one by one),
     * ownership, decisions and reviews, the model file's other parts, deployments (their effect
     * arrives as EntryPointExposureChanged).
     */
    private static final IgnoredEvents IGNORED = IgnoredEvents.by("ModelRiskContext.apply", ModelCreated.class,
            EntryPointAdded.class, EntryPointChanged.class, EntryPointRemoved.class, ThreatIdentified.class,
            ThreatResolved.class, SourceScanFailed.class, OwnerTeamAssigned.class, RiskAccepted.class,
            ThreatMarkedFalsePositive.class, ModelReviewed.class, ChangeProposed.class, WorkloadDeployed.class,
            WorkloadWithdrawn.class, DataFlowsDeclared.class, AcceptedRisksDeclared.class);

    /** Whether the event changes what this context holds. */
    public static boolean affects(ModelEvent event) {
        return !IGNORED.contains(event);
    }

    public ModelRiskContext apply(ModelEvent event) {
        if (event instanceof EntryPointExposureChanged changed) {
            Map<String, String> next = new TreeMap<>(exposures);
            next.put(changed.entryPointId(), changed.level());
            return new ModelRiskContext(next, dataAssets, classification, complianceScopes, mitigations);
        }
        if (event instanceof DataAssetsIdentified identified) {
            Map<String, List<DataAsset>> next = new TreeMap<>(dataAssets);
            if (identified.assets().isEmpty()) {
                next.remove(identified.specPath());
            } else {
                next.put(identified.specPath(), identified.assets());
            }
            return new ModelRiskContext(exposures, next, classification, complianceScopes, mitigations);
        }
        if (event instanceof DataClassificationDeclared declared) {
            return new ModelRiskContext(exposures, dataAssets, declared.classification(), complianceScopes,
                    mitigations);
        }
        if (event instanceof SecurityObjectivesDefined defined) {
            List<String> scopes = defined.objectives() == null ? List.of() : defined.objectives().compliance();
            return new ModelRiskContext(exposures, dataAssets, classification, scopes, mitigations);
        }
        if (event instanceof MitigationRecorded recorded) {
            Map<String, Map<String, String>> next = new TreeMap<>(mitigations);
            Map<String, String> ofThreat = new TreeMap<>(next.getOrDefault(recorded.threatId(), Map.of()));
            ofThreat.put(recorded.mitigationId(), recorded.status().name().toLowerCase(java.util.Locale.ROOT));
            next.put(recorded.threatId(), ofThreat);
            return new ModelRiskContext(exposures, dataAssets, classification, complianceScopes, next);
        }
        IGNORED.require(event);
        return this;
    }

    /**
     * The context of one threat: its entry point's exposure (the widest of the model for a
     * threat about the whole API, a scheme or a server; what the threat was identified with when
     * the model knows no exposure), the model's data and compliance, the threat's best mitigation.
     */
    public RiskContext forThreat(String threatId, String target, boolean authenticated, String identifiedExposure) {
        String exposure = exposures.containsKey(target) ? exposures.get(target)
                : exposures.isEmpty() ? identifiedExposure : widest();
        boolean personal = personalData();
        boolean restricted = restrictedData();
        String mitigation = mitigations.getOrDefault(threatId, Map.of()).values().stream()
                .max(java.util.Comparator.comparingInt(STATUS_ORDER::indexOf)).orElse(null);
        return new RiskContext(authenticated, exposure, personal, restricted, complianceScopes, mitigation);
    }

    /**
     * Whether every threat gets the same context from {@code other} as from this one
     * ({@link #forThreat} reads the data assets only for whether any is personal or restricted):
     * then nothing needs rating again. A spec change that moves one field among thousands changes
     * the assets' locations, not that.
     */
    public boolean ratesAlike(ModelRiskContext other) {
        return exposures.equals(other.exposures) && mitigations.equals(other.mitigations)
                && complianceScopes.equals(other.complianceScopes) && personalData() == other.personalData()
                && restrictedData() == other.restrictedData();
    }

    private boolean personalData() {
        return dataAssets.values().stream().flatMap(List::stream).anyMatch(DataAsset::personalData);
    }

    private boolean restrictedData() {
        return dataAssets.values().stream().flatMap(List::stream)
                .anyMatch(a -> "restricted".equals(classification.getOrDefault(a.category(), a.classification())));
    }

    private String widest() {
        for (String level : List.of("internet", "node-port", "cluster-internal", "namespace-isolated", "not-deployed")) {
            if (exposures.containsValue(level)) {
                return level;
            }
        }
        return "unknown";
    }
}
