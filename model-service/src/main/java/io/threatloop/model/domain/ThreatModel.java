package io.threatloop.model.domain;

import io.threatloop.analysis.data.DataAssets;
import io.threatloop.analysis.modelfile.ModelFileReader;
import io.threatloop.contracts.model.AcceptedRisksDeclared;
import io.threatloop.contracts.model.DataAsset;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.DataClassificationDeclared;
import io.threatloop.analysis.threats.Finding;
import io.threatloop.contracts.model.DataFlowsDeclared;
import io.threatloop.contracts.model.SecurityObjectivesDefined;
import io.threatloop.contracts.observation.ModelFile;
import io.threatloop.analysis.threats.InventoryRules;
import io.threatloop.contracts.model.Deployment;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.WorkloadDeployed;
import io.threatloop.contracts.model.WorkloadWithdrawn;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.IgnoredEvents;
import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.EntryPointChanged;
import io.threatloop.contracts.model.EntryPointRemoved;
import io.threatloop.contracts.model.MitigationRecorded;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.ChangeProposed;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.model.ThreatMarkedFalsePositive;
import io.threatloop.contracts.model.SourceScanFailed;
import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityRequirement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The threat model of one application, rebuilt from its events. {@link #handle} decides which
 * events a command causes (without changing anything); {@link #apply} evolves the state from
 * one event. Both are pure, so the aggregate is tested given/when/then without any server.
 */
public final class ThreatModel {

    /** A threat currently open in the model, with the spec it came from ({@code inventory} for the inventory rules). */
    public record OpenThreat(String threatId, String ruleId, String target, String specPath) {
    }

    private final String applicationId;
    private final long version;
    private final String team;
    private final Map<String, EntryPoint> entryPoints;
    private final Map<String, OpenThreat> threats;
    /** mitigation id -> the threat it counters */
    private final Map<String, String> mitigations;
    private final Map<String, Deployment> deployments;
    private final Map<String, EntryPointExposure> exposures;
    /** threat id -> the accepted risk on it (justification and expiry) */
    private final Map<String, Acceptance> acceptances;
    /** what the model file declares: objectives, data flows, accepted risks */
    private final ModelFile declared;
    /** spec path -> the data assets it exposes */
    private final Map<String, List<DataAsset>> dataAssets;

    /** An accepted risk as recorded. */
    public record Acceptance(String justification, Instant expiresAt) {
    }

    private ThreatModel(String applicationId, long version, String team, Map<String, EntryPoint> entryPoints,
                        Map<String, OpenThreat> threats, Map<String, String> mitigations,
                        Map<String, Deployment> deployments, Map<String, EntryPointExposure> exposures,
                        Map<String, Acceptance> acceptances, ModelFile declared,
                        Map<String, List<DataAsset>> dataAssets) {
        this.applicationId = applicationId;
        this.version = version;
        this.team = team;
        this.entryPoints = entryPoints;
        this.threats = threats;
        this.mitigations = mitigations;
        this.deployments = deployments;
        this.exposures = exposures;
        this.acceptances = acceptances;
        this.declared = declared;
        this.dataAssets = dataAssets;
    }

    /** The state of an application that has no events yet. */
    public static ThreatModel empty(String applicationId) {
        return new ThreatModel(applicationId, 0, null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                EMPTY_FILE, Map.of());
    }

    /**
     * The whole state, for snapshots. Bump {@link #STATE_VERSION} when its shape changes: older
     * snapshots are then ignored and the stream replayed.
     */
    public record State(String applicationId, long version, String team, Map<String, EntryPoint> entryPoints,
                        Map<String, OpenThreat> threats, Map<String, String> mitigations,
                        Map<String, Deployment> deployments, Map<String, EntryPointExposure> exposures,
                        Map<String, Acceptance> acceptances, ModelFile declared,
                        Map<String, List<DataAsset>> dataAssets) {
    }

    public static final int STATE_VERSION = 3;
    private static final ModelFile EMPTY_FILE = new ModelFile(1, null, null, List.of(), List.of(), Map.of());

    public State state() {
        return new State(applicationId, version, team, entryPoints, threats, mitigations, deployments, exposures,
                acceptances, declared, dataAssets);
    }

    /** The model as a snapshot left it; apply the events after {@code state.version()} on top. */
    public static ThreatModel restore(State state) {
        return new ThreatModel(state.applicationId(), state.version(), state.team(), new TreeMap<>(state.entryPoints()),
                new TreeMap<>(state.threats()), new TreeMap<>(state.mitigations()), new TreeMap<>(state.deployments()),
                new TreeMap<>(state.exposures()), new TreeMap<>(state.acceptances()), state.declared(),
                new TreeMap<>(state.dataAssets()));
    }

    /** The model after {@code events}, applied in order. */
    public ThreatModel applyAll(List<? extends ModelEvent> events) {
        if (events.isEmpty()) {
            return this;
        }
        Fold fold = new Fold(this);
        events.forEach(fold::apply);
        return fold.result();
    }

    /** Threats from the inventory rules are reconciled as a whole, under this origin. */
    static final String INVENTORY = "inventory";
    private static final java.util.Set<String> INVENTORY_RULES = InventoryRules.definitions().stream()
            .map(io.threatloop.analysis.threats.RuleDefinition::id).collect(java.util.stream.Collectors.toSet());

    public static ThreatModel replay(String applicationId, List<? extends ModelEvent> events) {
        return empty(applicationId).applyAll(events);
    }

    public String applicationId() {
        return applicationId;
    }

    public long version() {
        return version;
    }

    public boolean exists() {
        return version > 0;
    }

    /** The owning team, or null while nobody owns the model (then only administrators see it). */
    public String team() {
        return team;
    }

    public Map<String, EntryPoint> entryPoints() {
        return Collections.unmodifiableMap(entryPoints);
    }

    public Map<String, OpenThreat> threats() {
        return Collections.unmodifiableMap(threats);
    }

    public Map<String, Deployment> deployments() {
        return Collections.unmodifiableMap(deployments);
    }

    /** Each entry point's exposure; empty while no deployment is known. */
    public Map<String, EntryPointExposure> exposures() {
        return Collections.unmodifiableMap(exposures);
    }

    /**
     * What the model decides on what was observed: the events {@code command} causes, numbered
     * after the current version (none when nothing changes), and the state they lead to.
     * {@code now} (the observation's time) judges the expiry of declared acceptances.
     */
    public Decided decide(ModelCommand command, Instant now) {
        Decision decision = new Decision(this);
        if (!exists()) {
            decision.add(v -> new ModelCreated(applicationId, v, command.provenance()));
        }
        if (command instanceof ModelCommand.ApplySpec apply) {
            applySpec(apply, decision);
        } else if (command instanceof ModelCommand.RemoveSpec remove) {
            removeSpec(remove, decision);
        } else if (command instanceof ModelCommand.RecordScanFailure failure) {
            decision.add(v -> new SourceScanFailed(applicationId, v, failure.reason(), failure.location(),
                    failure.provenance()));
        } else if (command instanceof ModelCommand.ApplyWorkload workload) {
            applyWorkload(workload, decision);
        } else if (command instanceof ModelCommand.ApplyModelFile file) {
            applyModelFile(file, decision);
        } else if (command instanceof ModelCommand.RemoveWorkload removal) {
            if (deployments.containsKey(removal.workloadId())) {
                decision.add(v -> new WorkloadWithdrawn(applicationId, v, removal.workloadId(), removal.provenance()));
            }
        }
        // what follows from specs and workloads together is decided on the state the events above lead to
        decision.state().reconcileDerived(command.provenance(), decision);
        // the model file's acceptances: for every open threat when the file is applied, otherwise
        // for the threats this decision identifies (so an acceptance made through the API stands)
        Set<String> identified = command instanceof ModelCommand.ApplyModelFile ? null
                : decision.events.stream().filter(ThreatIdentified.class::isInstance)
                        .map(e -> ((ThreatIdentified) e).threatId()).collect(java.util.stream.Collectors.toSet());
        if (identified == null || !identified.isEmpty()) {
            decision.state().acceptDeclaredRisks(identified, now, decision);
        }
        return decision.decided();
    }

    private void applyModelFile(ModelCommand.ApplyModelFile command, Decision decision) {
        ModelFile file = command.file();
        if (file.ownerTeam() != null && !file.ownerTeam().equals(team)) {
            decision.add(v -> new OwnerTeamAssigned(applicationId, v, file.ownerTeam(), team, ModelFileReader.PATH));
        }
        if (file.objectives() != null && !file.objectives().equals(declared.objectives())) {
            decision.add(v -> new SecurityObjectivesDefined(applicationId, v, file.objectives(), command.provenance()));
        }
        if (!file.dataFlows().equals(declared.dataFlows())) {
            decision.add(v -> new DataFlowsDeclared(applicationId, v, file.dataFlows(), command.provenance()));
        }
        if (!file.classification().equals(declared.classification())) {
            decision.add(v -> new DataClassificationDeclared(applicationId, v, file.classification(),
                    command.provenance()));
        }
        if (!file.acceptedRisks().equals(declared.acceptedRisks())) {
            decision.add(v -> new AcceptedRisksDeclared(applicationId, v, file.acceptedRisks(), command.provenance()));
        }
    }

    /**
     * The declared acceptances on open threats ({@code among} them, or all when null), unless
     * already accepted the same way; an entry whose date has passed accepts nothing. It is valid
     * through its expiry date (UTC).
     */
    private void acceptDeclaredRisks(Set<String> among, Instant now, Decision decision) {
        for (ModelFile.DeclaredAcceptance declaredRisk : declared.acceptedRisks()) {
            String threatId = threatId(declaredRisk.rule(), declaredRisk.target());
            if (among != null && !among.contains(threatId)) {
                continue;
            }
            Instant expiresAt = declaredRisk.expires().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            Acceptance acceptance = new Acceptance(declaredRisk.justification(), expiresAt);
            if (threats.containsKey(threatId) && expiresAt.isAfter(now) && !acceptance.equals(acceptances.get(threatId))) {
                decision.add(v -> new RiskAccepted(applicationId, v, threatId, declaredRisk.justification(), expiresAt,
                        ModelFileReader.PATH));
            }
        }
    }

    private void applyWorkload(ModelCommand.ApplyWorkload command, Decision decision) {
        if (!command.deployment().equals(deployments.get(command.deployment().id()))) {
            decision.add(v -> new WorkloadDeployed(applicationId, v, command.deployment(), command.provenance()));
        }
        if (team == null && command.team() != null && UserCommand.TEAM.matcher(command.team()).matches()) {
            decision.add(v -> new OwnerTeamAssigned(applicationId, v, command.team(), null,
                    "workload " + command.deployment().id()));
        }
    }

    /** Exposure of each entry point and the inventory threats, from the current specs and deployments. */
    private void reconcileDerived(Provenance provenance, Decision decision) {
        Map<String, EntryPointExposure> derived = EntryPointExposure.of(entryPoints, deployments);
        derived.forEach((id, exposure) -> {
            EntryPointExposure before = exposures.get(id);
            if (!exposure.equals(before)) {
                decision.add(v -> new EntryPointExposureChanged(applicationId, v, id,
                        before == null ? null : before.level(), exposure.level(), exposure.via(), provenance));
            }
        });
        if (!derived.isEmpty() || threats.values().stream().anyMatch(t -> t.specPath().equals(INVENTORY))) {
            reconcileThreats(INVENTORY, InventoryRules.evaluate(entryPoints, deployments.values()), entryPoints,
                    provenance, decision);
        }
    }



    /**
     * The events a person's command causes. Throws {@link CommandRejected} when the model does
     * not exist, the threat is not open, or the mitigation is unknown.
     */
    public Decided decide(UserCommand command) {
        if (!exists()) {
            throw CommandRejected.notFound("no threat model for application '" + applicationId + "'");
        }
        Decision decision = new Decision(this);
        if (command instanceof UserCommand.AssignOwner assign) {
            if (!assign.team().equals(team)) {
                decision.add(v -> new OwnerTeamAssigned(applicationId, v, assign.team(), team, assign.by()));
            }
        } else if (command instanceof UserCommand.RecordMitigation mitigation) {
            requireOpen(mitigation.threatId());
            String mitigationId = mitigation.mitigationId() == null
                    ? Envelope.deterministicId("mitigation", applicationId, mitigation.threatId(), Long.toString(version + 1))
                    : mitigation.mitigationId();
            if (mitigation.mitigationId() != null
                    && !mitigation.threatId().equals(mitigations.get(mitigation.mitigationId()))) {
                throw CommandRejected.notFound("threat " + mitigation.threatId() + " has no mitigation "
                        + mitigation.mitigationId());
            }
            decision.add(v -> new MitigationRecorded(applicationId, v, mitigation.threatId(), mitigationId,
                    mitigation.description(), mitigation.status(), mitigation.by()));
        } else if (command instanceof UserCommand.AcceptRisk accept) {
            requireOpen(accept.threatId());
            decision.add(v -> new RiskAccepted(applicationId, v, accept.threatId(), accept.justification(),
                    accept.expiresAt(), accept.by()));
        } else if (command instanceof UserCommand.MarkFalsePositive mark) {
            requireOpen(mark.threatId());
            decision.add(v -> new ThreatMarkedFalsePositive(applicationId, v, mark.threatId(), mark.justification(),
                    mark.expiresAt(), mark.by()));
        } else if (command instanceof UserCommand.RecordReview review) {
            decision.add(v -> new ModelReviewed(applicationId, v, review.by(), review.now(), review.notes()));
        } else if (command instanceof UserCommand.ProposeChange proposal) {
            decision.add(v -> new ChangeProposed(applicationId, v, proposal.base(), proposal.head(),
                    proposal.introduced(), proposal.resolved(), proposal.specs(), proposal.passed(), proposal.by(),
                    proposal.now()));
        }
        return decision.decided();
    }

    private void requireOpen(String threatId) {
        if (threatId == null || !threats.containsKey(threatId)) {
            throw CommandRejected.notFound("model '" + applicationId + "' has no open threat " + threatId);
        }
    }

    private void applySpec(ModelCommand.ApplySpec command, Decision decision) {
        Provenance provenance = command.provenance();
        Map<String, EntryPoint> observed = new TreeMap<>();
        for (ApiOperation op : command.surface().operations()) {
            EntryPoint entryPoint = entryPointOf(op, command.specPath());
            observed.put(entryPoint.id(), entryPoint);
        }
        Map<String, EntryPoint> before = entryPointsOf(command.specPath());
        for (EntryPoint entryPoint : observed.values()) {
            EntryPoint old = before.get(entryPoint.id());
            if (old == null) {
                decision.add(v -> new EntryPointAdded(applicationId, v, entryPoint, provenance));
            } else if (!old.equals(entryPoint)) {
                decision.add(v -> new EntryPointChanged(applicationId, v, old, entryPoint, provenance));
            }
        }
        for (String gone : before.keySet()) {
            if (!observed.containsKey(gone)) {
                decision.add(v -> new EntryPointRemoved(applicationId, v, gone, provenance));
            }
        }
        reconcileThreats(command.specPath(), command.evaluation().findings(), observed, provenance, decision);
        List<DataAsset> assets = DataAssets.of(command.surface());
        if (!assets.equals(dataAssets.getOrDefault(command.specPath(), List.of()))) {
            decision.add(v -> new DataAssetsIdentified(applicationId, v, command.specPath(), assets, provenance));
        }
    }

    private void removeSpec(ModelCommand.RemoveSpec command, Decision decision) {
        for (String gone : entryPointsOf(command.specPath()).keySet()) {
            decision.add(v -> new EntryPointRemoved(applicationId, v, gone, command.provenance()));
        }
        reconcileThreats(command.specPath(), List.of(), Map.of(), command.provenance(), decision);
        if (!dataAssets.getOrDefault(command.specPath(), List.of()).isEmpty()) {
            decision.add(v -> new DataAssetsIdentified(applicationId, v, command.specPath(), List.of(),
                    command.provenance()));
        }
    }

    private void reconcileThreats(String specPath, List<Finding> findings, Map<String, EntryPoint> entryPoints,
                                  Provenance provenance, Decision decision) {
        Map<String, Finding> current = new LinkedHashMap<>();
        for (Finding finding : findings) {
            current.put(threatId(finding.rule().id(), finding.target()), finding);
        }
        current.forEach((threatId, finding) -> {
            if (!threats.containsKey(threatId)) {
                EntryPoint target = entryPoints.get(finding.target());
                boolean authenticated = target == null ? finding.targetAuthenticated() : target.authenticated();
                decision.add(v -> new ThreatIdentified(applicationId, v, threatId, finding.rule().id(),
                        finding.rule().title(), finding.rule().owaspCategory(), finding.rule().stride(),
                        finding.rule().cwe(), finding.target(), finding.evidence(),
                        new ThreatContext(authenticated, exposureOf(finding.target())), provenance));
            }
        });
        for (OpenThreat open : threats.values()) {
            if (open.specPath().equals(specPath) && !current.containsKey(open.threatId())) {
                String reason = entryPoints.containsKey(open.target()) || !open.target().contains(" /")
                        ? "rule " + open.ruleId() + " no longer matches " + open.target()
                        : open.target() + " was removed";
                decision.add(v -> new ThreatResolved(applicationId, v, open.threatId(), open.ruleId(), reason,
                        provenance));
            }
        }
    }

    private String exposureOf(String target) {
        EntryPointExposure exposure = exposures.get(target);
        return exposure == null ? "unknown" : exposure.level();
    }

    /**
     * What the aggregate does not fold: they change nothing it decides on but the version (a false
     * positive is decided again from the events' standing in the view, reviews and proposals are
     * for people).
     */
    private static final IgnoredEvents IGNORED = IgnoredEvents.by("ThreatModel.apply", ModelCreated.class,
            SourceScanFailed.class, ThreatMarkedFalsePositive.class, ModelReviewed.class, ChangeProposed.class);

    /** Evolves the state by one event. An event type it was never taught fails ({@link IgnoredEvents}). */
    public ThreatModel apply(ModelEvent event) {
        return applyAll(List.of(event));
    }

    /**
     * The state while events are folded into it: each map copied on its first change, then
     * changed in place, so a decision of thousands of events (a large spec's first observation)
     * costs a copy per map, not a copy per event.
     */
    private static final class Fold {
        private final ThreatModel from;
        private long version;
        private String team;
        private TreeMap<String, EntryPoint> entryPoints;
        private TreeMap<String, OpenThreat> threats;
        private TreeMap<String, String> mitigations;
        private TreeMap<String, Deployment> deployments;
        private TreeMap<String, EntryPointExposure> exposures;
        private TreeMap<String, Acceptance> acceptances;
        private ModelFile declared;
        private TreeMap<String, List<DataAsset>> dataAssets;

        Fold(ThreatModel from) {
            this.from = from;
            this.version = from.version;
            this.team = from.team;
            this.declared = from.declared;
        }

        private Map<String, EntryPoint> entryPoints() {
            return entryPoints == null ? entryPoints = new TreeMap<>(from.entryPoints) : entryPoints;
        }

        private Map<String, OpenThreat> threats() {
            return threats == null ? threats = new TreeMap<>(from.threats) : threats;
        }

        private Map<String, String> mitigations() {
            return mitigations == null ? mitigations = new TreeMap<>(from.mitigations) : mitigations;
        }

        private Map<String, Deployment> deployments() {
            return deployments == null ? deployments = new TreeMap<>(from.deployments) : deployments;
        }

        private Map<String, EntryPointExposure> exposures() {
            return exposures == null ? exposures = new TreeMap<>(from.exposures) : exposures;
        }

        private Map<String, Acceptance> acceptances() {
            return acceptances == null ? acceptances = new TreeMap<>(from.acceptances) : acceptances;
        }

        private Map<String, List<DataAsset>> dataAssets() {
            return dataAssets == null ? dataAssets = new TreeMap<>(from.dataAssets) : dataAssets;
        }

        void apply(ModelEvent event) {
            if (event instanceof EntryPointAdded added) {
                entryPoints().put(added.entryPoint().id(), added.entryPoint());
            } else if (event instanceof EntryPointChanged changed) {
                entryPoints().put(changed.after().id(), changed.after());
            } else if (event instanceof EntryPointRemoved removed) {
                entryPoints().remove(removed.entryPointId());
                exposures().remove(removed.entryPointId());
            } else if (event instanceof ThreatIdentified identified) {
                String origin = INVENTORY_RULES.contains(identified.ruleId()) ? INVENTORY
                        : identified.provenance().source().path();
                threats().put(identified.threatId(), new OpenThreat(identified.threatId(), identified.ruleId(),
                        identified.target(), origin));
            } else if (event instanceof ThreatResolved resolved) {
                threats().remove(resolved.threatId());
                acceptances().remove(resolved.threatId());
            } else if (event instanceof OwnerTeamAssigned assigned) {
                team = assigned.team();
            } else if (event instanceof MitigationRecorded recorded) {
                mitigations().put(recorded.mitigationId(), recorded.threatId());
            } else if (event instanceof WorkloadDeployed deployed) {
                deployments().put(deployed.deployment().id(), deployed.deployment());
            } else if (event instanceof WorkloadWithdrawn withdrawn) {
                deployments().remove(withdrawn.workloadId());
            } else if (event instanceof RiskAccepted accepted) {
                acceptances().put(accepted.threatId(), new Acceptance(accepted.justification(), accepted.expiresAt()));
            } else if (event instanceof DataAssetsIdentified identifiedAssets) {
                if (identifiedAssets.assets().isEmpty()) {
                    dataAssets().remove(identifiedAssets.specPath());
                } else {
                    dataAssets().put(identifiedAssets.specPath(), identifiedAssets.assets());
                }
            } else if (event instanceof SecurityObjectivesDefined defined) {
                declared = new ModelFile(1, declared.ownerTeam(), defined.objectives(), declared.dataFlows(),
                        declared.acceptedRisks(), declared.classification());
            } else if (event instanceof DataFlowsDeclared flows) {
                declared = new ModelFile(1, declared.ownerTeam(), declared.objectives(), flows.dataFlows(),
                        declared.acceptedRisks(), declared.classification());
            } else if (event instanceof DataClassificationDeclared classified) {
                declared = new ModelFile(1, declared.ownerTeam(), declared.objectives(), declared.dataFlows(),
                        declared.acceptedRisks(), classified.classification());
            } else if (event instanceof AcceptedRisksDeclared accepted) {
                declared = new ModelFile(1, declared.ownerTeam(), declared.objectives(), declared.dataFlows(),
                        accepted.acceptedRisks(), declared.classification());
            } else if (event instanceof EntryPointExposureChanged changed) {
                exposures().put(changed.entryPointId(), new EntryPointExposure(changed.level(), changed.via()));
            } else {
                IGNORED.require(event);
            }
            version = event.modelVersion();
        }

        ThreatModel result() {
            return new ThreatModel(from.applicationId, version, team,
                    entryPoints == null ? from.entryPoints : entryPoints, threats == null ? from.threats : threats,
                    mitigations == null ? from.mitigations : mitigations,
                    deployments == null ? from.deployments : deployments,
                    exposures == null ? from.exposures : exposures,
                    acceptances == null ? from.acceptances : acceptances, declared,
                    dataAssets == null ? from.dataAssets : dataAssets);
        }
    }

    private Map<String, EntryPoint> entryPointsOf(String specPath) {
        Map<String, EntryPoint> result = new TreeMap<>();
        entryPoints.values().stream().filter(e -> e.specPath().equals(specPath)).forEach(e -> result.put(e.id(), e));
        return result;
    }

    private String threatId(String ruleId, String target) {
        return Envelope.deterministicId("threat", applicationId, ruleId, target);
    }

    private static EntryPoint entryPointOf(ApiOperation op, String specPath) {
        TreeSet<String> schemes = new TreeSet<>();
        for (SecurityRequirement requirement : op.security()) {
            schemes.addAll(requirement.schemes().keySet());
        }
        return new EntryPoint(op.id(), op.method(), op.path(), specPath, op.requiresAuthentication(),
                new ArrayList<>(schemes), op.deprecated());
    }

    /** What a decision caused, and the state after it: no caller has to fold the events again. */
    public record Decided(List<ModelEvent> events, ThreatModel after) {
        public Decided {
            events = List.copyOf(events);
        }
    }

    /** Collects events, numbers them consecutively and folds each once into the state they lead to. */
    private static final class Decision {
        private final List<ModelEvent> events = new ArrayList<>();
        private ThreatModel state;
        private int folded;
        private long next;

        Decision(ThreatModel start) {
            this.state = start;
            this.next = start.version;
        }

        void add(java.util.function.LongFunction<ModelEvent> event) {
            events.add(event.apply(++this.next));
        }

        /** The state after the events so far, folded when asked for (once per batch of events, not per event). */
        ThreatModel state() {
            if (folded < events.size()) {
                state = state.applyAll(events.subList(folded, events.size()));
                folded = events.size();
            }
            return state;
        }

        Decided decided() {
            return new Decided(events, state());
        }
    }
}
