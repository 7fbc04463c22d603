package io.threatloop.model.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.model.domain.ThreatModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoint inventory ({@code entry_points}) and the threat register ({@code threat_register}).
 * An append runs one SQL statement per {@link RegisterChange} in its transaction; a rebuild
 * folds each model's changes in memory and writes only the final rows, many per statement.
 */
@ApplicationScoped
public class RegisterProjection implements ModelProjection {

    private static final String ENTRY_POINT_COLUMNS =
            "application_id, entry_point_id, method, path, spec_path, authenticated, deprecated";
    private static final String THREAT_COLUMNS =
            "threat_id, application_id, rule_id, title, owasp_category, target, identified_at";

    /** Rows per multi-row INSERT of a rebuild: well below PostgreSQL's 65,535 parameters. */
    static final int ROWS_PER_INSERT = 1000;

    @Override
    public Uni<Void> follow(ThreatModel after, List<ModelEvent> events, Instant recordedAt) {
        return apply(after.applicationId(), events, recordedAt);
    }

    /** Applies events of one model, in order, recorded at {@code recordedAt}. */
    Uni<Void> apply(String applicationId, List<ModelEvent> events, Instant recordedAt) {
        List<RegisterChange> changes = new ArrayList<>();
        events.forEach(event -> RegisterChange.of(event, recordedAt).ifPresent(changes::add));
        return Multi.createFrom().iterable(changes)
                .onItem().transformToUniAndConcatenate(change -> apply(applicationId, change).replaceWith(change))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> apply(String app, RegisterChange change) {
        if (change instanceof RegisterChange.EntryPointUpserted upserted) {
            EntryPoint entryPoint = upserted.entryPoint();
            return update("insert into entry_points (" + ENTRY_POINT_COLUMNS + ") values (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                            + " on conflict (application_id, entry_point_id) do update set method = excluded.method,"
                            + " path = excluded.path, spec_path = excluded.spec_path,"
                            + " authenticated = excluded.authenticated, deprecated = excluded.deprecated",
                    app, entryPoint.id(), entryPoint.method(), entryPoint.path(), entryPoint.specPath(),
                    entryPoint.authenticated(), entryPoint.deprecated());
        }
        if (change instanceof RegisterChange.EntryPointDeleted deleted) {
            return update("delete from entry_points where application_id = ?1 and entry_point_id = ?2", app,
                    deleted.entryPointId());
        }
        if (change instanceof RegisterChange.ExposureSet exposure) {
            return update("update entry_points set exposure = ?3 where application_id = ?1 and entry_point_id = ?2",
                    app, exposure.entryPointId(), exposure.level());
        }
        if (change instanceof RegisterChange.ThreatOpened opened) {
            ThreatIdentified threat = opened.threat();
            return update("insert into threat_register (" + THREAT_COLUMNS + ") values (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                            + " on conflict (threat_id) do update set standing = 'open', standing_until = null,"
                            + " identified_at = excluded.identified_at",
                    threat.threatId(), app, threat.ruleId(), threat.title(), threat.owaspCategory(), threat.target(),
                    utc(opened.at()));
        }
        if (change instanceof RegisterChange.ThreatDeleted deleted) {
            return update("delete from threat_register where threat_id = ?1", deleted.threatId());
        }
        RegisterChange.StandingSet standing = (RegisterChange.StandingSet) change;
        return update("update threat_register set standing = ?2, standing_until = ?3 where threat_id = ?1",
                standing.threatId(), standing.standing(), utc(standing.until()));
    }

    Uni<Void> deleteAll() {
        return update("delete from entry_points").chain(() -> update("delete from threat_register"));
    }

    @Override
    public Uni<ModelProjection.Rebuild> rebuild() {
        return deleteAll().replaceWith(new Rebuild());
    }

    /** A rebuild in progress: models are added in any order, rows written when enough are pending. */
    static final class Rebuild implements ModelProjection.Rebuild {
        private final List<Object[]> entryPointRows = new ArrayList<>();
        private final List<Object[]> threatRows = new ArrayList<>();

        /** Adds one model's final rows; writes the pending rows when there are enough. */
        @Override
        public Uni<Void> add(ThreatModel model, List<ModelEvent> events, List<Instant> recordedAt) {
            FinalRows rows = rowsOf(model.applicationId(), events, recordedAt);
            entryPointRows.addAll(rows.entryPoints());
            threatRows.addAll(rows.threats());
            return entryPointRows.size() >= ROWS_PER_INSERT || threatRows.size() >= ROWS_PER_INSERT
                    ? flush() : Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> finish() {
            return flush();
        }

        /** Writes whatever is pending. */
        Uni<Void> flush() {
            List<Object[]> entryPointBatch = List.copyOf(entryPointRows);
            List<Object[]> threatBatch = List.copyOf(threatRows);
            entryPointRows.clear();
            threatRows.clear();
            return insert("entry_points", ENTRY_POINT_COLUMNS + ", exposure", entryPointBatch)
                    .chain(() -> insert("threat_register", THREAT_COLUMNS + ", standing, standing_until", threatBatch));
        }
    }

    /** The rows of one model, in the column order of the rebuild's INSERTs (exposure, standing last). */
    record FinalRows(List<Object[]> entryPoints, List<Object[]> threats) {
    }

    private record EntryPointRow(EntryPoint entryPoint, String exposure) {
    }

    private record ThreatRow(ThreatIdentified threat, String standing, Instant until, Instant identifiedAt) {
    }

    /** Folds a model's events (recorded at the matching instants) into the rows its appends leave. */
    static FinalRows rowsOf(String app, List<ModelEvent> events, List<Instant> recordedAt) {
        Map<String, EntryPointRow> entryPoints = new LinkedHashMap<>();
        Map<String, ThreatRow> threats = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            RegisterChange.of(events.get(i), recordedAt.get(i)).ifPresent(change -> fold(change, entryPoints, threats));
        }
        return new FinalRows(
                entryPoints.values().stream().map(row -> new Object[]{app, row.entryPoint().id(),
                        row.entryPoint().method(), row.entryPoint().path(), row.entryPoint().specPath(),
                        row.entryPoint().authenticated(), row.entryPoint().deprecated(), row.exposure()}).toList(),
                threats.values().stream().map(row -> new Object[]{row.threat().threatId(), app,
                        row.threat().ruleId(), row.threat().title(), row.threat().owaspCategory(), row.threat().target(),
                        utc(row.identifiedAt()), row.standing(), utc(row.until())}).toList());
    }

    // the same outcomes as the statements of apply(app, change), on rows in memory
    private static void fold(RegisterChange change, Map<String, EntryPointRow> entryPoints,
                             Map<String, ThreatRow> threats) {
        if (change instanceof RegisterChange.EntryPointUpserted upserted) {
            EntryPointRow existing = entryPoints.get(upserted.entryPoint().id());
            entryPoints.put(upserted.entryPoint().id(),
                    new EntryPointRow(upserted.entryPoint(), existing == null ? null : existing.exposure()));
        } else if (change instanceof RegisterChange.EntryPointDeleted deleted) {
            entryPoints.remove(deleted.entryPointId());
        } else if (change instanceof RegisterChange.ExposureSet exposure) {
            entryPoints.computeIfPresent(exposure.entryPointId(),
                    (id, row) -> new EntryPointRow(row.entryPoint(), exposure.level()));
        } else if (change instanceof RegisterChange.ThreatOpened opened) {
            ThreatRow existing = threats.get(opened.threat().threatId());
            threats.put(opened.threat().threatId(), new ThreatRow(
                    existing == null ? opened.threat() : existing.threat(), "open", null, opened.at()));
        } else if (change instanceof RegisterChange.ThreatDeleted deleted) {
            threats.remove(deleted.threatId());
        } else if (change instanceof RegisterChange.StandingSet standing) {
            threats.computeIfPresent(standing.threatId(), (id, row) -> new ThreatRow(row.threat(),
                    standing.standing(), standing.until(), row.identifiedAt()));
        }
    }

    private static Uni<Void> insert(String table, String columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int width = rows.get(0).length;
        StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (").append(columns)
                .append(") values ");
        Object[] parameters = new Object[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < width; c++) {
                int index = r * width + c;
                sql.append(c == 0 ? "" : ", ").append('?').append(index + 1);
                parameters[index] = rows.get(r)[c];
            }
            sql.append(')');
        }
        return update(sql.toString(), parameters);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Uni<Void> update(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
