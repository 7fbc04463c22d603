package io.threatloop.model.persistence;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.model.EntryPoint;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.model.domain.ThreatModel;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
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
 * A transaction's appends are folded key by key ({@link RegisterDelta}) into a few statements for
 * all of its models; a rebuild folds each model's changes in memory and writes only the final
 * rows, many per statement.
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
    public Uni<Void> follow(SqlClient client, List<Appended> appended) {
        RegisterDelta delta = new RegisterDelta();
        for (Appended each : appended) {
            String app = each.after().applicationId();
            each.events().forEach(event -> RegisterChange.of(event, each.recordedAt())
                    .ifPresent(change -> delta.add(app, change)));
        }
        return write(client, delta);
    }

    /** The delta's statements, in the order that makes each key's rows what its changes one by one leave. */
    private static Uni<Void> write(SqlClient client, RegisterDelta delta) {
        List<Object[]> entryPointDeletes = delta.entryPointDeletes();
        List<String> threatDeletes = delta.threatDeletes();
        List<Object[]> exposures = delta.exposureUpdates();
        List<Object[]> standings = delta.standingUpdates();
        Uni<Void> written = Uni.createFrom().voidItem();
        if (!entryPointDeletes.isEmpty()) {
            written = written.chain(() -> update(client, "delete from entry_points where (application_id,"
                            + " entry_point_id) in (select * from unnest($1::text[], $2::text[]))",
                    texts(entryPointDeletes, 0), texts(entryPointDeletes, 1)));
        }
        if (!threatDeletes.isEmpty()) {
            written = written.chain(() -> update(client, "delete from threat_register where threat_id = any($1::text[])",
                    (Object) threatDeletes.toArray(String[]::new)));
        }
        return written
                .chain(() -> insert(client, "entry_points", ENTRY_POINT_COLUMNS + ", exposure",
                        delta.entryPointInserts(), ""))
                .chain(() -> insert(client, "threat_register", THREAT_COLUMNS + ", standing, standing_until",
                        delta.threatInserts(), ""))
                .chain(() -> insert(client, "entry_points", ENTRY_POINT_COLUMNS, delta.entryPointUpserts(),
                        " on conflict (application_id, entry_point_id) do update set method = excluded.method,"
                                + " path = excluded.path, spec_path = excluded.spec_path,"
                                + " authenticated = excluded.authenticated, deprecated = excluded.deprecated"))
                .chain(() -> insert(client, "threat_register", THREAT_COLUMNS, delta.threatUpserts(),
                        " on conflict (threat_id) do update set standing = 'open', standing_until = null,"
                                + " identified_at = excluded.identified_at"))
                .chain(() -> exposures.isEmpty() ? Uni.createFrom().voidItem() : update(client,
                        "update entry_points e set exposure = v.exposure from unnest($1::text[], $2::text[],"
                                + " $3::text[]) as v(application_id, entry_point_id, exposure)"
                                + " where e.application_id = v.application_id and e.entry_point_id = v.entry_point_id",
                        texts(exposures, 0), texts(exposures, 1), texts(exposures, 2)))
                .chain(() -> standings.isEmpty() ? Uni.createFrom().voidItem() : update(client,
                        "update threat_register t set standing = v.standing, standing_until = v.standing_until"
                                + " from unnest($1::text[], $2::text[], $3::timestamptz[])"
                                + " as v(threat_id, standing, standing_until) where t.threat_id = v.threat_id",
                        texts(standings, 0), texts(standings, 1),
                        standings.stream().map(row -> (OffsetDateTime) row[2]).toArray(OffsetDateTime[]::new)));
    }

    private static String[] texts(List<Object[]> rows, int index) {
        return rows.stream().map(row -> (String) row[index]).toArray(String[]::new);
    }

    Uni<Void> deleteAll(SqlClient client) {
        return update(client, "delete from entry_points").chain(() -> update(client, "delete from threat_register"));
    }

    @Override
    public Uni<ModelProjection.Rebuild> rebuild(SqlClient client) {
        return deleteAll(client).replaceWith(new Rebuild(client));
    }

    /** A rebuild in progress: models are added in any order, rows written when enough are pending. */
    static final class Rebuild implements ModelProjection.Rebuild {
        private final SqlClient client;
        private final List<Object[]> entryPointRows = new ArrayList<>();
        private final List<Object[]> threatRows = new ArrayList<>();

        Rebuild(SqlClient client) {
            this.client = client;
        }

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
            return insert(client, "entry_points", ENTRY_POINT_COLUMNS + ", exposure", entryPointBatch, "")
                    .chain(() -> insert(client, "threat_register", THREAT_COLUMNS + ", standing, standing_until",
                            threatBatch, ""));
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

    /** Multi-row INSERTs of {@code rows}, {@link #ROWS_PER_INSERT} at a time, each followed by {@code onConflict}. */
    private static Uni<Void> insert(SqlClient client, String table, String columns, List<Object[]> rows,
                                    String onConflict) {
        Uni<Void> written = Uni.createFrom().voidItem();
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            written = written.chain(() -> insertChunk(client, table, columns, chunk, onConflict));
        }
        return written;
    }

    private static Uni<Void> insertChunk(SqlClient client, String table, String columns, List<Object[]> rows,
                                         String onConflict) {
        int width = rows.get(0).length;
        StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (").append(columns)
                .append(") values ");
        Object[] parameters = new Object[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < width; c++) {
                int index = r * width + c;
                sql.append(c == 0 ? "" : ", ").append('$').append(index + 1);
                parameters[index] = rows.get(r)[c];
            }
            sql.append(')');
        }
        return update(client, sql.append(onConflict).toString(), parameters);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Uni<Void> update(SqlClient client, String sql, Object... parameters) {
        return client.preparedQuery(sql).execute(Tuple.wrap(parameters)).replaceWithVoid();
    }
}
