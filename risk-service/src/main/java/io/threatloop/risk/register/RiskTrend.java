package io.threatloop.risk.register;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;

/**
 * The trend of each model's risk: after every change of its ratings or standings, a point with
 * its counts by severity and its highest severity, recorded in the same transaction.
 */
@ApplicationScoped
public class RiskTrend {

    private static final String COUNT = "count(r.threat_id) filter (where " + Standing.COUNTS + " and r.severity = '%s')";

    private static final String RECORD = "insert into risk_trend (application_id, recorded_at, highest, critical,"
            + " high, medium, low, note, set_aside) select m.application_id, now(), (select r.severity from threat_risks r"
            + " where r.application_id = m.application_id and " + Standing.COUNTS
            + " order by array_position(array['CRITICAL','HIGH','MEDIUM','LOW','NOTE'], r.severity) limit 1), "
            + String.join(", ", COUNT.formatted("CRITICAL"), COUNT.formatted("HIGH"), COUNT.formatted("MEDIUM"),
            COUNT.formatted("LOW"), COUNT.formatted("NOTE"))
            + ", count(r.threat_id) filter (where not " + Standing.COUNTS + ")"
            + " from unnest(cast(?1 as text[])) as m(application_id)"
            + " left join threat_risks r on r.application_id = m.application_id group by m.application_id";

    /** Records a point for each of the models (what the transaction has written so far is counted). */
    public Uni<Void> record(Collection<String> applicationIds) {
        if (applicationIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.flush()
                .chain(() -> session.createNativeQuery(RECORD)
                        .setParameter(1, applicationIds.toArray(String[]::new))
                        .executeUpdate()))
                .replaceWithVoid();
    }
}
