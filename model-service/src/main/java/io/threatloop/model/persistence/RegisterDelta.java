package io.threatloop.model.persistence;

import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.model.ThreatIdentified;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a transaction's {@link RegisterChange}s leave, key by key, as the rows of at most eight
 * statements (deletes, fresh inserts, upserts, then updates) instead of one statement per change.
 * Unlike a rebuild's fold ({@link RegisterProjection#rowsOf}) it does not know the rows already
 * stored: a key with no delete is upserted or updated, so what the table holds stays as the
 * statements one by one would have left it. Keys do not interact, so only each key's own order
 * matters.
 */
final class RegisterDelta {

    private record EntryPointKey(String applicationId, String entryPointId) {
    }

    private static final class EntryPointState {
        /** Deleted in this transaction: the row, if any, is written fresh. */
        boolean deleted;
        /** The last description upserted since the last delete. */
        EntryPoint entryPoint;
        boolean exposureSet;
        String exposure;
    }

    private static final class ThreatState {
        String applicationId;
        boolean deleted;
        /** The first threat opened since the last delete: "on conflict" keeps what a row first said. */
        ThreatIdentified threat;
        Instant openedAt;
        /** A standing set after the last opening (an opening sets it back to open). */
        boolean standingSet;
        String standing;
        Instant until;
    }

    private final Map<EntryPointKey, EntryPointState> entryPoints = new LinkedHashMap<>();
    private final Map<String, ThreatState> threats = new LinkedHashMap<>();

    /** Adds the next change of {@code applicationId}'s model. */
    void add(String applicationId, RegisterChange change) {
        if (change instanceof RegisterChange.EntryPointUpserted upserted) {
            entryPoint(applicationId, upserted.entryPoint().id()).entryPoint = upserted.entryPoint();
        } else if (change instanceof RegisterChange.EntryPointDeleted deleted) {
            EntryPointState state = entryPoint(applicationId, deleted.entryPointId());
            state.deleted = true;
            state.entryPoint = null;
            state.exposureSet = false;
            state.exposure = null;
        } else if (change instanceof RegisterChange.ExposureSet exposure) {
            EntryPointState state = entryPoint(applicationId, exposure.entryPointId());
            if (!state.deleted || state.entryPoint != null) { // after a delete only a row written since has one
                state.exposureSet = true;
                state.exposure = exposure.level();
            }
        } else if (change instanceof RegisterChange.ThreatOpened opened) {
            ThreatState state = threat(applicationId, opened.threat().threatId());
            if (state.threat == null) {
                state.threat = opened.threat();
            }
            state.openedAt = opened.at();
            state.standingSet = false;
        } else if (change instanceof RegisterChange.ThreatDeleted deleted) {
            ThreatState state = threat(applicationId, deleted.threatId());
            state.deleted = true;
            state.threat = null;
            state.standingSet = false;
        } else if (change instanceof RegisterChange.StandingSet standing) {
            ThreatState state = threat(applicationId, standing.threatId());
            if (!state.deleted || state.threat != null) {
                state.standingSet = true;
                state.standing = standing.standing();
                state.until = standing.until();
            }
        }
    }

    private EntryPointState entryPoint(String applicationId, String entryPointId) {
        return entryPoints.computeIfAbsent(new EntryPointKey(applicationId, entryPointId), key -> new EntryPointState());
    }

    private ThreatState threat(String applicationId, String threatId) {
        ThreatState state = threats.computeIfAbsent(threatId, id -> new ThreatState());
        state.applicationId = applicationId;
        return state;
    }

    /** (application id, entry point id) of the entry points to delete first. */
    List<Object[]> entryPointDeletes() {
        List<Object[]> rows = new ArrayList<>();
        entryPoints.forEach((key, state) -> {
            if (state.deleted) {
                rows.add(new Object[]{key.applicationId(), key.entryPointId()});
            }
        });
        return rows;
    }

    /** Entry points deleted and written again: every column, exposure last. */
    List<Object[]> entryPointInserts() {
        List<Object[]> rows = new ArrayList<>();
        entryPoints.forEach((key, state) -> {
            if (state.deleted && state.entryPoint != null) {
                rows.add(entryPointRow(key, state.entryPoint, true, state.exposure));
            }
        });
        return rows;
    }

    /** Entry points described anew without a delete: every column but the exposure, which they keep. */
    List<Object[]> entryPointUpserts() {
        List<Object[]> rows = new ArrayList<>();
        entryPoints.forEach((key, state) -> {
            if (!state.deleted && state.entryPoint != null) {
                rows.add(entryPointRow(key, state.entryPoint, false, null));
            }
        });
        return rows;
    }

    /** (application id, entry point id, exposure) of rows that exist, set after the upserts. */
    List<Object[]> exposureUpdates() {
        List<Object[]> rows = new ArrayList<>();
        entryPoints.forEach((key, state) -> {
            if (!state.deleted && state.exposureSet) {
                rows.add(new Object[]{key.applicationId(), key.entryPointId(), state.exposure});
            }
        });
        return rows;
    }

    List<String> threatDeletes() {
        List<String> ids = new ArrayList<>();
        threats.forEach((id, state) -> {
            if (state.deleted) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Threats deleted and opened again: every column, standing and its end last. */
    List<Object[]> threatInserts() {
        List<Object[]> rows = new ArrayList<>();
        threats.forEach((id, state) -> {
            if (state.deleted && state.threat != null) {
                Object[] row = threatRow(state, 9);
                row[7] = state.standingSet ? state.standing : "open";
                row[8] = state.standingSet ? utc(state.until) : null;
                rows.add(row);
            }
        });
        return rows;
    }

    /** Threats opened without a delete: inserted, or open again as of their opening. */
    List<Object[]> threatUpserts() {
        List<Object[]> rows = new ArrayList<>();
        threats.forEach((id, state) -> {
            if (!state.deleted && state.threat != null) {
                rows.add(threatRow(state, 7));
            }
        });
        return rows;
    }

    /** (threat id, standing, until) of rows that exist, set after the upserts. */
    List<Object[]> standingUpdates() {
        List<Object[]> rows = new ArrayList<>();
        threats.forEach((id, state) -> {
            if (!state.deleted && state.standingSet) {
                rows.add(new Object[]{id, state.standing, utc(state.until)});
            }
        });
        return rows;
    }

    private static Object[] entryPointRow(EntryPointKey key, EntryPoint entryPoint, boolean withExposure,
                                          String exposure) {
        Object[] row = new Object[withExposure ? 8 : 7];
        row[0] = key.applicationId();
        row[1] = entryPoint.id();
        row[2] = entryPoint.method();
        row[3] = entryPoint.path();
        row[4] = entryPoint.specPath();
        row[5] = entryPoint.authenticated();
        row[6] = entryPoint.deprecated();
        if (withExposure) {
            row[7] = exposure;
        }
        return row;
    }

    private static Object[] threatRow(ThreatState state, int width) {
        Object[] row = new Object[width];
        row[0] = state.threat.threatId();
        row[1] = state.applicationId;
        row[2] = state.threat.ruleId();
        row[3] = state.threat.title();
        row[4] = state.threat.owaspCategory();
        row[5] = state.threat.target();
        row[6] = utc(state.openedAt);
        return row;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
