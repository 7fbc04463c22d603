package io.threatloop.contracts.model;

import io.threatloop.contracts.EventData;

/**
 * Events on {@code threatmodel-events}: decisions of a threat model, in the order of its event
 * stream. {@code modelVersion} is the stream version the event was stored at.
 */
public sealed interface ModelEvent extends EventData
        permits ModelCreated, EntryPointAdded, EntryPointChanged, EntryPointRemoved, ThreatIdentified,
        ThreatResolved, SourceScanFailed, OwnerTeamAssigned, MitigationRecorded, RiskAccepted,
        ThreatMarkedFalsePositive, ModelReviewed, WorkloadDeployed, WorkloadWithdrawn, EntryPointExposureChanged,
        SecurityObjectivesDefined, DataFlowsDeclared, DataAssetsIdentified, DataClassificationDeclared,
        AcceptedRisksDeclared, ChangeProposed {
    long modelVersion();
}
