package io.threatloop.risk.scoring;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.EventCodec;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The threat and context rows one transaction of model events reads and writes, on a connection
 * of the reactive pool: read with one query per thousand ids at the start, changed in memory in
 * the events' order, written back with one statement per table before anything reads the tables
 * again (a rescore, the trend) and at the end. The rows are plain values here ({@link ThreatRisk},
 * {@link ModelContextRow} not managed by any session): a consumer transaction that holds no
 * session skips the ORM's work around each statement.
 */
final class BatchRows {

    private static final int IDS_PER_QUERY = 1_000;

    private static final String THREAT_COLUMNS = "threat_id, application_id, rule_id, severity, rating, updated_at,"
            + " title, target, authenticated, identified_exposure, standing, standing_until, standing_by,"
            + " justification, causes";

    private static final String UPSERT_THREATS = "insert into threat_risks (" + THREAT_COLUMNS + ") select * from"
            + " unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[],"
            + " $8::text[], $9::boolean[], $10::text[], $11::text[], $12::timestamptz[], $13::text[], $14::text[],"
            + " $15::text[]) on conflict (threat_id) do update set application_id = excluded.application_id,"
            + " rule_id = excluded.rule_id, severity = excluded.severity, rating = excluded.rating,"
            + " updated_at = excluded.updated_at, title = excluded.title, target = excluded.target,"
            + " authenticated = excluded.authenticated, identified_exposure = excluded.identified_exposure,"
            + " standing = excluded.standing, standing_until = excluded.standing_until,"
            + " standing_by = excluded.standing_by, justification = excluded.justification, causes = excluded.causes";

    private static final String UPSERT_CONTEXTS = "insert into model_contexts (application_id, context, updated_at, team)"
            + " select a, c::jsonb, u, t from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) as v(a, c, u, t)"
            + " on conflict (application_id) do update set context = excluded.context,"
            + " updated_at = excluded.updated_at, team = excluded.team";

    private final SqlConnection connection;
    /** Threat id -> its row as this transaction sees it; null for a threat known to have none. */
    private final Map<String, ThreatRisk> threats = new HashMap<>();
    private final Map<String, ModelContextRow> contexts = new HashMap<>();
    private final Map<String, ThreatRisk> threatsToWrite = new LinkedHashMap<>();
    private final Set<String> threatsToDelete = new java.util.TreeSet<>();
    private final Map<String, ModelContextRow> contextsToWrite = new LinkedHashMap<>();

    BatchRows(SqlConnection connection) {
        this.connection = connection;
    }

    SqlConnection connection() {
        return connection;
    }

    /** Reads the rows of these threats and models: those not found are known to have none. */
    Uni<Void> load(List<String> threatIds, List<String> applicationIds) {
        threatIds.forEach(id -> threats.put(id, null));
        applicationIds.forEach(id -> contexts.put(id, null));
        return inChunks(threatIds, chunk -> connection.preparedQuery("select " + THREAT_COLUMNS
                        + " from threat_risks where threat_id = any($1)").execute(Tuple.of(chunk))
                .invoke(rows -> rows.forEach(row -> threats.put(row.getString(0), threat(row)))))
                .chain(() -> inChunks(applicationIds, chunk -> connection.preparedQuery("select application_id,"
                                + " context::text, updated_at, team from model_contexts where application_id = any($1)")
                        .execute(Tuple.of(chunk))
                        .invoke(rows -> rows.forEach(row -> contexts.put(row.getString(0), context(row))))));
    }

    /** The threat's row, or null when it has none (a threat the batch did not load is read first). */
    Uni<ThreatRisk> threat(String threatId) {
        if (threats.containsKey(threatId)) {
            return Uni.createFrom().item(threats.get(threatId));
        }
        return load(List.of(threatId), List.of()).map(loaded -> threats.get(threatId));
    }

    Uni<ModelContextRow> context(String applicationId) {
        if (contexts.containsKey(applicationId)) {
            return Uni.createFrom().item(contexts.get(applicationId));
        }
        return load(List.of(), List.of(applicationId)).map(loaded -> contexts.get(applicationId));
    }

    /** The row is written (created or changed) at the next {@link #flush}. */
    void save(ThreatRisk row) {
        threats.put(row.threatId, row);
        threatsToDelete.remove(row.threatId);
        threatsToWrite.put(row.threatId, row);
    }

    void delete(String threatId) {
        threats.put(threatId, null);
        threatsToWrite.remove(threatId);
        threatsToDelete.add(threatId);
    }

    void save(ModelContextRow row) {
        contexts.put(row.applicationId, row);
        contextsToWrite.put(row.applicationId, row);
    }

    /** A rescore wrote these ratings: the rows this transaction holds take them too. */
    void rated(List<ThreatRiskRows.NewRating> ratings, String causes) {
        OffsetDateTime now = OffsetDateTime.now(java.time.ZoneOffset.UTC);
        for (ThreatRiskRows.NewRating rating : ratings) {
            ThreatRisk row = threats.get(rating.threatId());
            if (row != null) {
                row.severity = rating.severity();
                row.rating = rating.rating();
                row.causes = causes;
                row.updatedAt = now;
            }
        }
    }

    /** Writes what changed since the last flush: one statement per table and kind of change. */
    Uni<Void> flush() {
        List<ThreatRisk> written = new ArrayList<>(threatsToWrite.values());
        List<String> deleted = new ArrayList<>(threatsToDelete);
        List<ModelContextRow> contextsWritten = new ArrayList<>(contextsToWrite.values());
        threatsToWrite.clear();
        threatsToDelete.clear();
        contextsToWrite.clear();
        Uni<Void> flushed = Uni.createFrom().voidItem();
        if (!deleted.isEmpty()) {
            flushed = flushed.chain(() -> connection.preparedQuery("delete from threat_risks where threat_id = any($1)")
                    .execute(Tuple.of(deleted.toArray(String[]::new))).replaceWithVoid());
        }
        if (!written.isEmpty()) {
            flushed = flushed.chain(() -> connection.preparedQuery(UPSERT_THREATS).execute(Tuple.from(List.of(
                    column(written, r -> r.threatId), column(written, r -> r.applicationId), column(written, r -> r.ruleId),
                    column(written, r -> r.severity), column(written, r -> r.rating),
                    written.stream().map(r -> r.updatedAt).toArray(OffsetDateTime[]::new),
                    column(written, r -> r.title), column(written, r -> r.target),
                    written.stream().map(r -> r.authenticated).toArray(Boolean[]::new),
                    column(written, r -> r.identifiedExposure), column(written, r -> r.standing),
                    written.stream().map(r -> r.standingUntil).toArray(OffsetDateTime[]::new),
                    column(written, r -> r.standingBy), column(written, r -> r.justification),
                    column(written, r -> r.causes)))).replaceWithVoid());
        }
        if (!contextsWritten.isEmpty()) {
            flushed = flushed.chain(() -> connection.preparedQuery(UPSERT_CONTEXTS).execute(Tuple.of(
                    contextsWritten.stream().map(r -> r.applicationId).toArray(String[]::new),
                    contextsWritten.stream().map(r -> JsonColumns.text(r.context)).toArray(String[]::new),
                    contextsWritten.stream().map(r -> r.updatedAt).toArray(OffsetDateTime[]::new),
                    contextsWritten.stream().map(r -> r.team).toArray(String[]::new))).replaceWithVoid());
        }
        return flushed;
    }

    private static String[] column(List<ThreatRisk> rows, java.util.function.Function<ThreatRisk, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }

    private static ThreatRisk threat(Row row) {
        ThreatRisk threat = new ThreatRisk();
        threat.threatId = row.getString(0);
        threat.applicationId = row.getString(1);
        threat.ruleId = row.getString(2);
        threat.severity = row.getString(3);
        threat.rating = row.getString(4);
        threat.updatedAt = row.getOffsetDateTime(5);
        threat.title = row.getString(6);
        threat.target = row.getString(7);
        threat.authenticated = row.getBoolean(8);
        threat.identifiedExposure = row.getString(9);
        threat.standing = row.getString(10);
        threat.standingUntil = row.getOffsetDateTime(11);
        threat.standingBy = row.getString(12);
        threat.justification = row.getString(13);
        threat.causes = row.getString(14);
        return threat;
    }

    @SuppressWarnings("unchecked")
    private static ModelContextRow context(Row row) {
        ModelContextRow context = new ModelContextRow();
        context.applicationId = row.getString(0);
        try {
            context.context = EventCodec.mapper().readValue(row.getString(1), Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("model context of " + context.applicationId + " is not JSON", e);
        }
        context.updatedAt = row.getOffsetDateTime(2);
        context.team = row.getString(3);
        return context;
    }

    /** {@code load} for each thousand ids, one after the other. */
    private static Uni<Void> inChunks(Collection<String> ids, java.util.function.Function<String[], Uni<?>> load) {
        List<String> all = new ArrayList<>(ids);
        Uni<Void> loaded = Uni.createFrom().voidItem();
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            String[] chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY)).toArray(String[]::new);
            loaded = loaded.chain(() -> load.apply(chunk)).replaceWithVoid();
        }
        return loaded;
    }
}
