package io.threatloop.risk.register;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.threatloop.api.Caller;
import io.threatloop.api.Page;
import io.threatloop.api.Paging;
import io.threatloop.api.ProblemException;
import io.threatloop.api.TimeParameter;
import io.threatloop.contracts.EventCodec;
import io.threatloop.analysis.risk.ModelRiskContext;
import io.threatloop.contracts.risk.Cause;
import io.threatloop.contracts.risk.FactorAdjustment;
import io.threatloop.contracts.risk.RiskRating;
import io.threatloop.risk.scoring.ActivePolicy;
import io.threatloop.risk.scoring.StoredRating;
import io.threatloop.risk.scoring.ThreatScorer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The risk register of the caller's teams (administrators see every model): per model the
 * highest severity and the counts by severity, and per model its rated threats with their factor
 * breakdown. Another team's model answers 404, like an unknown one.
 */
@Path("/api/risks")
@Tag(name = "risks")
@Produces(MediaType.APPLICATION_JSON)
public class RiskRegisterResource {

    /** Severities from the highest down (the methodology's matrix). */
    static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "NOTE");

    @Inject
    Caller caller;

    @Inject
    ActivePolicy policy;

    /**
     * A model's risk: its highest severity and its threats by severity, counting only threats
     * that are not set aside ({@code setAside}: accepted or false positive, until expiry).
     */
    public record ModelRisk(String applicationId, String team, String highestSeverity, Map<String, Long> counts,
                            long setAside) {
    }

    /**
     * One rated threat: its factors, the context rules that moved them ({@code adjustments}) and
     * what caused the last change ({@code causes}, newest first); {@code standing} "accepted" or
     * "false-positive" until {@code standingUntil}, else null.
     */
    public record RatedThreat(String threatId, String ruleId, String title, String target, String severity,
                              double score, RiskRating rating, List<FactorAdjustment> adjustments, List<Cause> causes,
                              OffsetDateTime updatedAt, String standing, OffsetDateTime standingUntil,
                              String standingBy, String justification) {
    }

    /** The model's counts after one change of its ratings or standings. */
    public record TrendPoint(OffsetDateTime at, String highestSeverity, Map<String, Long> counts, long setAside) {
    }

    /** Rank of a threat's severity for ordering models worst first; set-aside threats rank last. */
    private static final String RANK = "case when " + Standing.COUNTS + " then case r.severity when 'CRITICAL' then 0"
            + " when 'HIGH' then 1 when 'MEDIUM' then 2 when 'LOW' then 3 else 4 end else 5 end";

    @GET
    @Path("models")
    @RolesAllowed(Caller.VIEWER)
    @WithSession
    @Operation(summary = "The models of the caller's teams, highest severity first, with their threats by severity;"
            + " pages of at most " + Paging.MAX_PAGE_SIZE + " models")
    public Uni<Page<ModelRisk>> models(@Parameter(schema = @Schema(minimum = "0")) @QueryParam("page")
                                       @DefaultValue("0") int page,
                                       @Parameter(schema = @Schema(minimum = "1", maximum = "200"))
                                       @QueryParam("size") @DefaultValue("50") int size) {
        Paging.check(page, size);
        List<Object> parameters = new ArrayList<>();
        String from = " from threat_risks r left join model_contexts m on m.application_id = r.application_id"
                + caller.teamFilter("m.team", parameters);
        String pageSql = "select r.application_id, min(" + RANK + ")" + from + " group by r.application_id order by 2,"
                + " r.application_id limit " + size + " offset " + Paging.offset(page, size);
        return count("select count(distinct r.application_id)" + from, parameters)
                .chain(total -> query(pageSql, parameters).chain(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(new Page<ModelRisk>(List.of(), page, size, total))
                        : counts(ids.stream().map(row -> (String) row[0]).toList())
                        .map(models -> new Page<>(models, page, size, total))));
    }

    /** The risks of these models, in this order. */
    private Uni<List<ModelRisk>> counts(List<String> applicationIds) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(applicationIds.toArray(String[]::new));
        String sql = "select r.application_id, m.team, case when " + Standing.COUNTS + " then r.severity end,"
                + " count(*) from threat_risks r left join model_contexts m on m.application_id = r.application_id"
                + " where r.application_id = any(?1) group by 1, 2, 3";
        return query(sql, parameters).map(rows -> {
            Map<String, ModelRisk> models = new LinkedHashMap<>();
            applicationIds.forEach(app -> models.put(app, null));
            Map<String, Long> setAside = new LinkedHashMap<>();
            for (Object[] row : rows) {
                String app = (String) row[0];
                ModelRisk model = models.get(app);
                if (model == null) {
                    model = new ModelRisk(app, (String) row[1], null, new LinkedHashMap<>(), 0);
                    models.put(app, model);
                }
                long count = ((Number) row[3]).longValue();
                if (row[2] == null) {
                    setAside.merge(app, count, Long::sum);
                } else {
                    model.counts().put((String) row[2], count);
                }
            }
            return models.values().stream().filter(java.util.Objects::nonNull).map(m -> new ModelRisk(m.applicationId(),
                    m.team(), highest(m.counts()), ordered(m.counts()), setAside.getOrDefault(m.applicationId(), 0L)))
                    .toList();
        });
    }

    @GET
    @Path("models/{applicationId}")
    @RolesAllowed(Caller.VIEWER)
    @WithSession
    @Operation(summary = "The rated threats of one model, highest score first, with their factors; pages of at"
            + " most " + Paging.MAX_PAGE_SIZE + " threats")
    public Uni<Page<RatedThreat>> threats(@PathParam("applicationId") String applicationId,
                                          @Parameter(schema = @Schema(minimum = "0")) @QueryParam("page")
                                          @DefaultValue("0") int page,
                                          @Parameter(schema = @Schema(minimum = "1", maximum = "200"))
                                          @QueryParam("size") @DefaultValue("50") int size) {
        Paging.check(page, size);
        List<Object> parameters = new ArrayList<>();
        parameters.add(applicationId);
        String team = caller.teamFilter("m.team", parameters);
        String from = " from threat_risks r left join model_contexts m on m.application_id = r.application_id"
                + (team.isEmpty() ? " where" : team + " and") + " r.application_id = ?1";
        return count("select count(*)" + from, parameters).chain(total -> {
            if (total == 0) {
                throw ProblemException.notFound("no rated threats of model '" + applicationId + "' you may see");
            }
            return ratedThreats(from, parameters, page, size).map(items -> new Page<>(items, page, size, total));
        });
    }

    private Uni<List<RatedThreat>> ratedThreats(String from, List<Object> parameters, int page, int size) {
        String sql = "select r.threat_id, r.rule_id, r.title, r.target, r.severity, r.rating,"
                + " r.updated_at, " + Standing.IN_FORCE + ", r.standing_until, r.standing_by, r.justification,"
                + " r.causes, coalesce(r.authenticated, true), coalesce(r.identified_exposure, 'unknown'),"
                + " cast(m.context as text)" + from
                + " order by cast(cast(r.rating as jsonb) ->> " + StoredRating.SCORE + " as double precision) desc, r.threat_id"
                + " limit " + size + " offset " + Paging.offset(page, size);
        return query(sql, parameters).map(rows -> {
            if (rows.isEmpty()) {
                return List.of();
            }
            ModelRiskContext context = rows.get(0)[14] == null ? ModelRiskContext.empty()
                    : read((String) rows.get(0)[14], ModelRiskContext.class);
            return rows.stream().map(row -> {
                RiskRating rating = StoredRating.read((String) row[5]);
                String target = row[3] == null ? "" : (String) row[3];
                // the adjustments are those of the rating: it is rescored whenever the context or the policy changes
                List<FactorAdjustment> adjustments = ThreatScorer.score((String) row[1], context.forThreat(
                        (String) row[0], target, (Boolean) row[12], (String) row[13]), policy.current().policy())
                        .adjustments();
                List<Cause> causes = row[11] == null ? List.of() : List.of(read((String) row[11], Cause[].class));
                boolean standing = row[7] != null;
                return new RatedThreat((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                        (String) row[4], rating.score(), rating, adjustments, causes, (OffsetDateTime) row[6],
                        (String) row[7], standing ? (OffsetDateTime) row[8] : null, standing ? (String) row[9] : null,
                        standing ? (String) row[10] : null);
            }).toList();
        });
    }

    @GET
    @Path("models/{applicationId}/trend")
    @RolesAllowed(Caller.VIEWER)
    @WithSession
    @Operation(summary = "The model's counts by severity after each change, oldest first (the last 1,000 points"
            + " before 'until', default now)")
    public Uni<List<TrendPoint>> trend(@PathParam("applicationId") String applicationId,
                                       @QueryParam("until") String until) {
        OffsetDateTime end = until == null || until.isBlank() ? OffsetDateTime.now(ZoneOffset.UTC)
                : TimeParameter.parse("until", until);
        List<Object> parameters = new ArrayList<>();
        parameters.add(applicationId);
        parameters.add(end);
        String team = caller.teamFilter("m.team", parameters);
        String sql = "select t.recorded_at, t.highest, t.critical, t.high, t.medium, t.low, t.note, t.set_aside"
                + " from risk_trend t left join model_contexts m on m.application_id = t.application_id"
                + (team.isEmpty() ? " where" : team + " and") + " t.application_id = ?1 and t.recorded_at <= ?2"
                + " order by t.position desc limit 1000";
        return query(sql, parameters).map(rows -> {
            if (rows.isEmpty()) {
                throw ProblemException.notFound("no risk trend of model '" + applicationId + "' you may see");
            }
            List<TrendPoint> points = new ArrayList<>();
            for (int i = rows.size() - 1; i >= 0; i--) {
                Object[] row = rows.get(i);
                Map<String, Long> counts = new LinkedHashMap<>();
                for (int s = 0; s < SEVERITIES.size(); s++) {
                    counts.put(SEVERITIES.get(s), ((Number) row[2 + s]).longValue());
                }
                points.add(new TrendPoint((OffsetDateTime) row[0], (String) row[1], counts,
                        ((Number) row[7]).longValue()));
            }
            return points;
        });
    }

    private static Uni<Long> count(String sql, List<Object> parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Long.class);
            for (int i = 0; i < parameters.size(); i++) {
                query.setParameter(i + 1, parameters.get(i));
            }
            return query.getSingleResult();
        });
    }

    private static Uni<List<Object[]>> query(String sql, List<Object> parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < parameters.size(); i++) {
                query.setParameter(i + 1, parameters.get(i));
            }
            return query.getResultList();
        });
    }

    private static String highest(Map<String, Long> counts) {
        return SEVERITIES.stream().filter(counts::containsKey).findFirst().orElse(null);
    }

    private static Map<String, Long> ordered(Map<String, Long> counts) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        SEVERITIES.forEach(s -> ordered.put(s, counts.getOrDefault(s, 0L)));
        return ordered;
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored rating is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
