package io.threatloop.contracts;

import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.EntryPointChanged;
import io.threatloop.contracts.model.EntryPointRemoved;
import io.threatloop.contracts.model.MitigationRecorded;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.ChangeProposed;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.model.ThreatMarkedFalsePositive;
import io.threatloop.contracts.model.WorkloadDeployed;
import io.threatloop.contracts.model.SecurityObjectivesDefined;
import io.threatloop.contracts.model.DataFlowsDeclared;
import io.threatloop.contracts.model.AcceptedRisksDeclared;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.DataClassificationDeclared;
import io.threatloop.contracts.model.WorkloadWithdrawn;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.SourceScanFailed;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.observation.ModelFileObserved;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.observation.SpecRemoved;
import io.threatloop.contracts.observation.WorkloadObserved;
import io.threatloop.contracts.observation.WorkloadRemoved;
import io.threatloop.contracts.review.ReviewTaskAcknowledged;
import io.threatloop.contracts.review.ReviewTaskClosed;
import io.threatloop.contracts.review.ReviewTaskEscalated;
import io.threatloop.contracts.review.ReviewTaskSnoozed;
import io.threatloop.contracts.review.ReviewTaskRaised;
import io.threatloop.contracts.risk.RiskChanged;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one list of event types: stable type name, schema version, payload record and topic.
 * Adding an event type means adding a record and a line here (docs/ARCHITECTURE.md).
 */
public final class EventCatalog {

    /** One event type. */
    public record Entry(String type, int version, Class<? extends EventData> payload, String topic) {
        public String dataschema() {
            return "urn:threatloop:" + type + ":" + version;
        }
    }

    public static final List<Entry> ENTRIES = List.of(
            new Entry("SpecObserved", 1, SpecObserved.class, Topics.API_OBSERVATIONS),
            new Entry("SpecRemoved", 1, SpecRemoved.class, Topics.API_OBSERVATIONS),
            new Entry("ScanFailed", 1, ScanFailed.class, Topics.API_OBSERVATIONS),
            new Entry("ModelFileObserved", 1, ModelFileObserved.class, Topics.API_OBSERVATIONS),
            new Entry("WorkloadObserved", 1, WorkloadObserved.class, Topics.API_OBSERVATIONS),
            new Entry("WorkloadRemoved", 1, WorkloadRemoved.class, Topics.API_OBSERVATIONS),
            new Entry("ModelCreated", 1, ModelCreated.class, Topics.THREATMODEL_EVENTS),
            new Entry("EntryPointAdded", 1, EntryPointAdded.class, Topics.THREATMODEL_EVENTS),
            new Entry("EntryPointChanged", 1, EntryPointChanged.class, Topics.THREATMODEL_EVENTS),
            new Entry("EntryPointRemoved", 1, EntryPointRemoved.class, Topics.THREATMODEL_EVENTS),
            new Entry("ThreatIdentified", 1, ThreatIdentified.class, Topics.THREATMODEL_EVENTS),
            new Entry("ThreatResolved", 1, ThreatResolved.class, Topics.THREATMODEL_EVENTS),
            new Entry("SourceScanFailed", 1, SourceScanFailed.class, Topics.THREATMODEL_EVENTS),
            new Entry("OwnerTeamAssigned", 1, OwnerTeamAssigned.class, Topics.THREATMODEL_EVENTS),
            new Entry("MitigationRecorded", 1, MitigationRecorded.class, Topics.THREATMODEL_EVENTS),
            new Entry("RiskAccepted", 1, RiskAccepted.class, Topics.THREATMODEL_EVENTS),
            new Entry("ThreatMarkedFalsePositive", 1, ThreatMarkedFalsePositive.class, Topics.THREATMODEL_EVENTS),
            new Entry("ModelReviewed", 1, ModelReviewed.class, Topics.THREATMODEL_EVENTS),
            new Entry("ChangeProposed", 1, ChangeProposed.class, Topics.THREATMODEL_EVENTS),
            new Entry("WorkloadDeployed", 1, WorkloadDeployed.class, Topics.THREATMODEL_EVENTS),
            new Entry("WorkloadWithdrawn", 1, WorkloadWithdrawn.class, Topics.THREATMODEL_EVENTS),
            new Entry("EntryPointExposureChanged", 1, EntryPointExposureChanged.class, Topics.THREATMODEL_EVENTS),
            new Entry("SecurityObjectivesDefined", 1, SecurityObjectivesDefined.class, Topics.THREATMODEL_EVENTS),
            new Entry("DataFlowsDeclared", 1, DataFlowsDeclared.class, Topics.THREATMODEL_EVENTS),
            new Entry("DataAssetsIdentified", 1, DataAssetsIdentified.class, Topics.THREATMODEL_EVENTS),
            new Entry("DataClassificationDeclared", 1, DataClassificationDeclared.class, Topics.THREATMODEL_EVENTS),
            new Entry("AcceptedRisksDeclared", 1, AcceptedRisksDeclared.class, Topics.THREATMODEL_EVENTS),
            new Entry("RiskChanged", 1, RiskChanged.class, Topics.RISK_CHANGES),
            new Entry("ReviewTaskRaised", 1, ReviewTaskRaised.class, Topics.REVIEW_TASKS),
            new Entry("ReviewTaskAcknowledged", 1, ReviewTaskAcknowledged.class, Topics.REVIEW_TASKS),
            new Entry("ReviewTaskSnoozed", 1, ReviewTaskSnoozed.class, Topics.REVIEW_TASKS),
            new Entry("ReviewTaskEscalated", 1, ReviewTaskEscalated.class, Topics.REVIEW_TASKS),
            new Entry("ReviewTaskClosed", 1, ReviewTaskClosed.class, Topics.REVIEW_TASKS));

    private static final Map<String, Entry> BY_TYPE =
            ENTRIES.stream().collect(Collectors.toUnmodifiableMap(Entry::type, Function.identity()));
    private static final Map<Class<?>, Entry> BY_CLASS =
            ENTRIES.stream().collect(Collectors.toUnmodifiableMap(Entry::payload, Function.identity()));

    private EventCatalog() {
    }

    public static Optional<Entry> entryFor(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static Entry entryFor(Class<?> payload) {
        Entry entry = BY_CLASS.get(payload);
        if (entry == null) {
            throw new IllegalArgumentException(payload.getName() + " is not in the EventCatalog");
        }
        return entry;
    }
}
