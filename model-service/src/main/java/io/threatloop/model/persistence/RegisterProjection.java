package io.threatloop.model.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
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
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The endpoint inventory ({@code entry_points}) and the threat register ({@code threat_register}):
 * one SQL statement per event that touches them, in the append's transaction. The same
 * {@link #apply} rebuilds them from the log.
 */
@ApplicationScoped
public class RegisterProjection {

    private static final String UPSERT_ENTRY_POINT = """
            insert into entry_points (application_id, entry_point_id, method, path, spec_path, authenticated, deprecated)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            on conflict (application_id, entry_point_id) do update set method = excluded.method,
                path = excluded.path, spec_path = excluded.spec_path, authenticated = excluded.authenticated,
                deprecated = excluded.deprecated
            """;

    /** Applies events of one model, in order, recorded at {@code recordedAt}. */
    Uni<Void> apply(String applicationId, List<ModelEvent> events, Instant recordedAt) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> apply(applicationId, event, recordedAt).replaceWith(event))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> apply(String app, ModelEvent event, Instant recordedAt) {
        if (event instanceof EntryPointAdded added) {
            return upsert(app, added.entryPoint());
        }
        if (event instanceof EntryPointChanged changed) {
            return upsert(app, changed.after());
        }
        if (event instanceof EntryPointRemoved removed) {
            return update("delete from entry_points where application_id = ?1 and entry_point_id = ?2", app,
                    removed.entryPointId());
        }
        if (event instanceof EntryPointExposureChanged exposure) {
            return update("update entry_points set exposure = ?3 where application_id = ?1 and entry_point_id = ?2",
                    app, exposure.entryPointId(), exposure.level());
        }
        if (event instanceof ThreatIdentified threat) {
            return update("""
                    insert into threat_register (threat_id, application_id, rule_id, title, owasp_category, target,
                                                 identified_at)
                    values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    on conflict (threat_id) do update set standing = 'open', standing_until = null,
                        identified_at = excluded.identified_at""",
                    threat.threatId(), app, threat.ruleId(), threat.title(), threat.owaspCategory(), threat.target(),
                    recordedAt.atOffset(ZoneOffset.UTC));
        }
        if (event instanceof ThreatResolved resolved) {
            return update("delete from threat_register where threat_id = ?1", resolved.threatId());
        }
        if (event instanceof RiskAccepted accepted) {
            return standing(accepted.threatId(), "accepted", accepted.expiresAt());
        }
        if (event instanceof ThreatMarkedFalsePositive marked) {
            return standing(marked.threatId(), "false-positive", marked.expiresAt());
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> upsert(String app, EntryPoint entryPoint) {
        return update(UPSERT_ENTRY_POINT, app, entryPoint.id(), entryPoint.method(), entryPoint.path(),
                entryPoint.specPath(), entryPoint.authenticated(), entryPoint.deprecated());
    }

    private Uni<Void> standing(String threatId, String standing, Instant until) {
        return update("update threat_register set standing = ?2, standing_until = ?3 where threat_id = ?1",
                threatId, standing, until.atOffset(ZoneOffset.UTC));
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

    Uni<Void> deleteAll() {
        return update("delete from entry_points").chain(() -> update("delete from threat_register"));
    }
}
