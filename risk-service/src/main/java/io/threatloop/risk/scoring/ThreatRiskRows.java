package io.threatloop.risk.scoring;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.threatloop.eventstore.SqlArrays;

import java.util.List;

/**
 * {@code threat_risks} read and written in bulk for rescores: a page of open threats in one
 * query (no managed entities), the moved ratings written many per UPDATE. A policy change
 * rescores every threat of every model, so this is where its time goes.
 */
final class ThreatRiskRows {

    /** Threats per page of a rescore: bounds memory however many threats there are. */
    static final int PAGE = 5000;

    /** What a rescore needs of one open threat; {@code rating} as stored ({@link StoredRating}). */
    record OpenThreat(String threatId, String applicationId, String ruleId, String title, String target,
                      boolean authenticated, String identifiedExposure, String rating) {
    }

    /** A threat's new rating ({@link StoredRating}) and its severity. */
    record NewRating(String threatId, String severity, String rating) {
    }

    private static final String COLUMNS = "select threat_id, application_id, rule_id, title, target,"
            + " coalesce(authenticated, true), coalesce(identified_exposure, 'unknown'), rating"
            + " from threat_risks";

    private ThreatRiskRows() {
    }

    /** Open threats of every model after {@code after} in threat id order (null: from the first). */
    static Uni<List<OpenThreat>> pageAfter(String after) {
        return after == null
                ? query(COLUMNS + " order by threat_id limit " + PAGE)
                : query(COLUMNS + " where threat_id > ?1 order by threat_id limit " + PAGE, after);
    }

    /**
     * Writes the new ratings and their causes (JSON, the same for all) in one statement: three
     * arrays, so the same prepared statement for any count.
     */
    static Uni<Void> update(List<NewRating> ratings, String causes) {
        if (ratings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = ratings.stream().map(NewRating::threatId).toArray(String[]::new);
        String[] severities = ratings.stream().map(NewRating::severity).toArray(String[]::new);
        String[] json = ratings.stream().map(NewRating::rating).toArray(String[]::new);
        return Panache.getSession().chain(session -> session.createNativeQuery("update threat_risks t"
                        + " set severity = v.severity, rating = v.rating, updated_at = now(),"
                        + " causes = ?4"
                        + " from unnest(cast(cast(?1 as text) as text[]), cast(cast(?2 as text) as text[]), cast(cast(?3 as text) as text[]))"
                        + " as v(threat_id, severity, rating) where t.threat_id = v.threat_id")
                .setParameter(1, SqlArrays.of(ids)).setParameter(2, SqlArrays.of(severities)).setParameter(3, SqlArrays.of(json))
                .setParameter(4, causes)
                .executeUpdate()).replaceWithVoid();
    }

    /** Every open threat of one model. */
    static Uni<List<OpenThreat>> ofModel(SqlConnection connection, String applicationId) {
        return connection.preparedQuery(COLUMNS + " where application_id = $1").execute(Tuple.of(applicationId))
                .map(rows -> {
                    List<OpenThreat> threats = new java.util.ArrayList<>();
                    rows.forEach(row -> threats.add(new OpenThreat(row.getString(0), row.getString(1), row.getString(2),
                            row.getString(3), row.getString(4) == null ? "" : row.getString(4), row.getBoolean(5),
                            row.getString(6), row.getString(7))));
                    return threats;
                });
    }

    /** {@link #update(List, String)} on a connection of the reactive pool, for a consumer's transaction. */
    static Uni<Void> update(SqlConnection connection, List<NewRating> ratings, String causes) {
        if (ratings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("update threat_risks t set severity = v.severity, rating = v.rating,"
                        + " updated_at = now(), causes = $4 from unnest($1::text[], $2::text[], $3::text[])"
                        + " as v(threat_id, severity, rating) where t.threat_id = v.threat_id")
                .execute(Tuple.of(ratings.stream().map(NewRating::threatId).toArray(String[]::new),
                        ratings.stream().map(NewRating::severity).toArray(String[]::new),
                        ratings.stream().map(NewRating::rating).toArray(String[]::new), causes))
                .replaceWithVoid();
    }

    private static Uni<List<OpenThreat>> query(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(row -> new OpenThreat((String) row[0], (String) row[1], (String) row[2],
                (String) row[3], row[4] == null ? "" : (String) row[4], (Boolean) row[5], (String) row[6],
                (String) row[7])).toList());
    }
}
