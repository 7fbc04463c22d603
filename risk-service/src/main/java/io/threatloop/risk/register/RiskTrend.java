package io.threatloop.risk.register;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.threatloop.eventstore.SqlArrays;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;

/**
 * The trend of each model's risk: after every change of its ratings or standings, a point with
 * its counts by severity and its highest severity, recorded in the same transaction.
 */
@ApplicationScoped
public class RiskTrend {

    private static final String COUNT = "count(r.threat_id) filter (where " + Standing.COUNTS + " and r.severity = '%s')";

    // One pass over the models' threats; the highest severity follows from the counts (a subquery
    // per model sorted each model's threats again: 0.6 s of a 100,000-threat rescore).
    private static final String RECORD = "insert into risk_trend (application_id, recorded_at, highest, critical,"
            + " high, medium, low, note, set_aside) select application_id, now(), case when critical > 0 then 'CRITICAL'"
            + " when high > 0 then 'HIGH' when medium > 0 then 'MEDIUM' when low > 0 then 'LOW' when note > 0 then 'NOTE'"
            + " end, critical, high, medium, low, note, set_aside from (select m.application_id, "
            + COUNT.formatted("CRITICAL") + " as critical, " + COUNT.formatted("HIGH") + " as high, "
            + COUNT.formatted("MEDIUM") + " as medium, " + COUNT.formatted("LOW") + " as low, "
            + COUNT.formatted("NOTE") + " as note, count(r.threat_id) filter (where not " + Standing.COUNTS
            + ") as set_aside from unnest(%s) as m(application_id)"
            + " left join threat_risks r on r.application_id = m.application_id group by m.application_id) counts";
    private static final String RECORD_NATIVE = RECORD.formatted("cast(cast(?1 as text) as text[])");
    private static final String RECORD_PREPARED = RECORD.formatted("$1::text[]");

    /** Records a point for each of the models (what the transaction has written so far is counted). */
    public Uni<Void> record(Collection<String> applicationIds) {
        if (applicationIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.flush()
                .chain(() -> session.createNativeQuery(RECORD_NATIVE)
                        .setParameter(1, SqlArrays.of(applicationIds))
                        .executeUpdate()))
                .replaceWithVoid();
    }

    /** {@link #record(Collection)} on a connection of the reactive pool, in its transaction. */
    public Uni<Void> record(SqlConnection connection, Collection<String> applicationIds) {
        if (applicationIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(RECORD_PREPARED)
                .execute(Tuple.of(applicationIds.toArray(String[]::new))).replaceWithVoid();
    }
}
