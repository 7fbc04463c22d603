package io.threatloop.model.persistence;

import io.threatloop.contracts.IgnoredEvents;
import io.threatloop.contracts.model.AcceptedRisksDeclared;
import io.threatloop.contracts.model.ChangeProposed;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.DataClassificationDeclared;
import io.threatloop.contracts.model.DataFlowsDeclared;
import io.threatloop.contracts.model.MitigationRecorded;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.SecurityObjectivesDefined;
import io.threatloop.contracts.model.SourceScanFailed;
import io.threatloop.contracts.model.WorkloadDeployed;
import io.threatloop.contracts.model.WorkloadWithdrawn;
import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.EntryPointChanged;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.EntryPointRemoved;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatMarkedFalsePositive;
import io.threatloop.contracts.model.ThreatResolved;

import java.time.Instant;
import java.util.Optional;

/**
 * What one event does to the endpoint inventory and the threat register. The one place for
 * that rule: appends turn each change into a SQL statement, a rebuild folds them in memory and
 * writes the final rows in bulk ({@link RegisterProjection}).
 */
sealed interface RegisterChange {

    /** An entry point is inserted, or its description replaced (its exposure is kept). */
    record EntryPointUpserted(EntryPoint entryPoint) implements RegisterChange {
    }

    record EntryPointDeleted(String entryPointId) implements RegisterChange {
    }

    /** Only for an entry point that exists. */
    record ExposureSet(String entryPointId, String level) implements RegisterChange {
    }

    /** A threat is inserted, or opened again (standing back to open) as of {@code at}. */
    record ThreatOpened(ThreatIdentified threat, Instant at) implements RegisterChange {
    }

    record ThreatDeleted(String threatId) implements RegisterChange {
    }

    /** Only for a threat that exists: accepted or false-positive until a date. */
    record StandingSet(String threatId, String standing, Instant until) implements RegisterChange {
    }

    static Optional<RegisterChange> of(ModelEvent event, Instant recordedAt) {
        if (event instanceof EntryPointAdded added) {
            return Optional.of(new EntryPointUpserted(added.entryPoint()));
        }
        if (event instanceof EntryPointChanged changed) {
            return Optional.of(new EntryPointUpserted(changed.after()));
        }
        if (event instanceof EntryPointRemoved removed) {
            return Optional.of(new EntryPointDeleted(removed.entryPointId()));
        }
        if (event instanceof EntryPointExposureChanged exposure) {
            return Optional.of(new ExposureSet(exposure.entryPointId(), exposure.level()));
        }
        if (event instanceof ThreatIdentified threat) {
            return Optional.of(new ThreatOpened(threat, recordedAt));
        }
        if (event instanceof ThreatResolved resolved) {
            return Optional.of(new ThreatDeleted(resolved.threatId()));
        }
        if (event instanceof RiskAccepted accepted) {
            return Optional.of(new StandingSet(accepted.threatId(), "accepted", accepted.expiresAt()));
        }
        if (event instanceof ThreatMarkedFalsePositive marked) {
            return Optional.of(new StandingSet(marked.threatId(), "false-positive", marked.expiresAt()));
        }
        IGNORED.require(event);
        return Optional.empty();
    }

    /** The register lists entry points and threats only. */
    static final IgnoredEvents IGNORED = IgnoredEvents.by("RegisterChange.of", ModelCreated.class,
            SourceScanFailed.class, OwnerTeamAssigned.class, MitigationRecorded.class, ModelReviewed.class,
            ChangeProposed.class, WorkloadDeployed.class, WorkloadWithdrawn.class, SecurityObjectivesDefined.class,
            DataFlowsDeclared.class, DataAssetsIdentified.class, DataClassificationDeclared.class,
            AcceptedRisksDeclared.class);
}
