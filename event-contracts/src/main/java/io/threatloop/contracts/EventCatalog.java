package io.threatloop.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.function.UnaryOperator;

/**
 * The one list of event types: stable type name, schema version, payload record and topic, and
 * the upcasters that read older versions. Adding an event type means adding a record and a line
 * here; changing a type's data incompatibly means a new version and an upcaster from the old one
 * (docs/ARCHITECTURE.md, "How to add an event type").
 */
public final class EventCatalog {

    /** One event type at the version services write now. */
    public record Entry(String type, int version, Class<? extends EventData> payload, String topic) {
        public String dataschema() {
            return "urn:threatloop:" + type + ":" + version;
        }
    }

    /**
     * How the data of {@code type} written as {@code fromVersion} becomes the data of the next
     * version: a step {@link EventCodec#decode} applies, oldest first, until the data is at the
     * version the catalogue's entry reads. Old events in topics, outboxes and event stores stay as
     * they were written; only reading changes.
     */
    public record Upcaster(String type, int fromVersion, UnaryOperator<ObjectNode> toNextVersion) {
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

    /** Every upcaster, by type and the version it reads; none yet: every type is at its version 1. */
    public static final List<Upcaster> UPCASTERS = List.of();

    private static final Map<String, Entry> BY_TYPE = unique(ENTRIES, Entry::type, "type");
    private static final Map<Class<?>, Entry> BY_CLASS = unique(ENTRIES, Entry::payload, "payload");
    private static final Map<String, Upcaster> STEPS = unique(UPCASTERS, u -> u.type() + ":" + u.fromVersion(),
            "upcaster");

    private EventCatalog() {
    }

    /** The type as services write it now; empty for a type this threatloop does not know. */
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

    /**
     * The data of {@code entry}'s type written as {@code version}, as {@code entry}'s version
     * reads it.
     *
     * @throws InvalidEventException for a version newer than the entry's, or an older one no
     *                               chain of upcasters reaches
     */
    public static ObjectNode upcast(Entry entry, int version, ObjectNode data) {
        return upcast(entry, version, data, STEPS);
    }

    static ObjectNode upcast(Entry entry, int version, ObjectNode data, Map<String, Upcaster> steps) {
        if (version > entry.version()) {
            throw new InvalidEventException(entry.type() + " v" + version + " was written by a newer threatloop;"
                    + " this one reads up to v" + entry.version() + ": upgrade the consumer");
        }
        ObjectNode current = data;
        for (int from = version; from < entry.version(); from++) {
            Upcaster step = steps.get(entry.type() + ":" + from);
            if (step == null) {
                throw new InvalidEventException(entry.type() + " v" + from + " can no longer be read: no upcaster"
                        + " to v" + (from + 1));
            }
            current = step.toNextVersion().apply(current);
        }
        return current;
    }

    /** Keyed by (type, version) the catalogue's own way: two entries for one key are a mistake found at start. */
    static <K, T> Map<K, T> unique(List<T> values, Function<T, K> key, String what) {
        Map<K, T> map = new java.util.LinkedHashMap<>();
        for (T value : values) {
            if (map.putIfAbsent(key.apply(value), value) != null) {
                throw new IllegalStateException("two " + what + "s for " + key.apply(value) + " in the EventCatalog");
            }
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
