package io.threatloop.model.persistence;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.IgnoredEvents;
import io.threatloop.contracts.model.AcceptedRisksDeclared;
import io.threatloop.contracts.model.ChangeProposed;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.DataClassificationDeclared;
import io.threatloop.contracts.model.DataFlowsDeclared;
import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.EntryPointChanged;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.EntryPointRemoved;
import io.threatloop.contracts.model.MitigationRecorded;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.model.SecurityObjectivesDefined;
import io.threatloop.contracts.model.SourceScanFailed;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatMarkedFalsePositive;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.model.WorkloadDeployed;
import io.threatloop.contracts.model.WorkloadWithdrawn;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.model.domain.ThreatModel;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code model_summaries} projection: written with every append, read for lists and team
 * scoping, rebuilt from the log by {@link ProjectionRebuild}.
 */
@ApplicationScoped
public class ModelSummaries implements ModelProjection {

    private static final String INSERT = """
            insert into model_summaries (application_id, team, version, entry_points, open_threats,
                                         last_reviewed_at, updated_at)
            values\s""";
    private static final String ON_CONFLICT = """
            on conflict (application_id) do update set
                team = excluded.team, version = excluded.version, entry_points = excluded.entry_points,
                open_threats = excluded.open_threats,
                last_reviewed_at = coalesce(excluded.last_reviewed_at, model_summaries.last_reviewed_at),
                updated_at = excluded.updated_at
            """;

    /** The rest of a summary comes from the model's state; only the time of the last review from an event. */
    static final IgnoredEvents IGNORED = IgnoredEvents.by("ModelSummaries.update", ModelCreated.class,
            EntryPointAdded.class, EntryPointChanged.class, EntryPointRemoved.class, ThreatIdentified.class,
            ThreatResolved.class, SourceScanFailed.class, OwnerTeamAssigned.class, MitigationRecorded.class,
            RiskAccepted.class, ThreatMarkedFalsePositive.class, ChangeProposed.class, WorkloadDeployed.class,
            WorkloadWithdrawn.class, EntryPointExposureChanged.class, SecurityObjectivesDefined.class,
            DataFlowsDeclared.class, DataAssetsIdentified.class, DataClassificationDeclared.class,
            AcceptedRisksDeclared.class);

    /** One model's summary row as of a transaction's end. */
    private record Row(ThreatModel model, OffsetDateTime reviewedAt, Instant updatedAt) {
    }

    @Override
    public Uni<Void> follow(SqlClient client, List<Appended> appended) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Appended each : appended) {
            OffsetDateTime reviewed = lastReviewedAt(each.events());
            rows.merge(each.after().applicationId(), new Row(each.after(), reviewed, each.recordedAt()),
                    (earlier, later) -> new Row(later.model(),
                            later.reviewedAt() != null ? later.reviewedAt() : earlier.reviewedAt(), later.updatedAt()));
        }
        return upsert(client, List.copyOf(rows.values()));
    }

    @Override
    public Uni<ModelProjection.Rebuild> rebuild(SqlClient client) {
        return client.query("delete from model_summaries").execute().replaceWith(new ModelProjection.Rebuild() {
            @Override
            public Uni<Void> add(ThreatModel model, List<ModelEvent> events, List<Instant> recordedAt) {
                return upsert(client, List.of(new Row(model, lastReviewedAt(events),
                        recordedAt.get(recordedAt.size() - 1))));
            }

            @Override
            public Uni<Void> finish() {
                return Uni.createFrom().voidItem();
            }
        });
    }

    /** One statement for all rows (one per model: a statement may not update a row twice). */
    private static Uni<Void> upsert(SqlClient client, List<Row> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder(INSERT);
        for (int r = 0; r < rows.size(); r++) {
            int p = r * 7;
            sql.append(r == 0 ? "(" : ", (").append('$').append(p + 1).append(", $").append(p + 2)
                    .append("::text, $").append(p + 3).append(", $").append(p + 4).append(", $").append(p + 5)
                    .append(", $").append(p + 6).append("::timestamptz, $").append(p + 7).append(')');
        }
        sql.append('\n').append(ON_CONFLICT);
        Tuple parameters = Tuple.tuple();
        for (Row row : rows) {
            parameters.addString(row.model().applicationId()).addString(row.model().team())
                    .addLong(row.model().version()).addInteger(row.model().entryPoints().size())
                    .addInteger(row.model().threats().size()).addOffsetDateTime(row.reviewedAt())
                    .addOffsetDateTime(row.updatedAt().atOffset(ZoneOffset.UTC));
        }
        return client.preparedQuery(sql.toString()).execute(parameters).replaceWithVoid();
    }

    /** When the last review among {@code events} was, or null. */
    static OffsetDateTime lastReviewedAt(List<? extends ModelEvent> events) {
        OffsetDateTime reviewedAt = null;
        for (ModelEvent event : events) {
            if (event instanceof ModelReviewed reviewed) {
                reviewedAt = reviewed.reviewedAt().atOffset(ZoneOffset.UTC);
            } else {
                IGNORED.require(event);
            }
        }
        return reviewedAt;
    }

    public Uni<ModelSummary> find(String applicationId) {
        return ModelSummary.findById(applicationId);
    }

    /** A page of summaries ordered by application id; {@code teams} null means every team. */
    public Uni<List<ModelSummary>> page(Collection<String> teams, int page, int size) {
        var query = teams == null ? ModelSummary.<ModelSummary>findAll(Sort.by("applicationId"))
                : ModelSummary.<ModelSummary>find("team in ?1", Sort.by("applicationId"), teams);
        return query.page(Page.of(page, size)).list();
    }

    public Uni<Long> count(Collection<String> teams) {
        return teams == null ? ModelSummary.count() : ModelSummary.count("team in ?1", teams);
    }
}
