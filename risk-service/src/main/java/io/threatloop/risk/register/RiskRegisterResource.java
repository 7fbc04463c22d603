package io.threatloop.risk.register;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.threatloop.api.Caller;
import io.threatloop.api.ProblemException;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.risk.RiskRating;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
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

    public record ModelRisk(String applicationId, String team, String highestSeverity, Map<String, Long> counts) {
    }

    public record RatedThreat(String threatId, String ruleId, String title, String target, String severity,
                              double score, RiskRating rating, OffsetDateTime updatedAt) {
    }

    @GET
    @Path("models")
    @RolesAllowed(Caller.VIEWER)
    @WithSession
    @Operation(summary = "Each model of the caller's teams: highest severity and threats by severity")
    public Uni<List<ModelRisk>> models() {
        List<Object> parameters = new ArrayList<>();
        String sql = "select r.application_id, m.team, r.severity, count(*) from threat_risks r"
                + " left join model_contexts m on m.application_id = r.application_id"
                + caller.teamFilter("m.team", parameters)
                + " group by r.application_id, m.team, r.severity order by r.application_id";
        return query(sql, parameters).map(rows -> {
            Map<String, ModelRisk> models = new LinkedHashMap<>();
            for (Object[] row : rows) {
                String app = (String) row[0];
                ModelRisk model = models.computeIfAbsent(app, a -> new ModelRisk(a, (String) row[1], null,
                        new LinkedHashMap<>()));
                model.counts().put((String) row[2], ((Number) row[3]).longValue());
            }
            return models.values().stream().map(m -> new ModelRisk(m.applicationId(), m.team(),
                    SEVERITIES.stream().filter(m.counts()::containsKey).findFirst().orElse(null),
                    ordered(m.counts()))).toList();
        });
    }

    @GET
    @Path("models/{applicationId}")
    @RolesAllowed(Caller.VIEWER)
    @WithSession
    @Operation(summary = "The rated threats of one model, highest score first, with their factors")
    public Uni<List<RatedThreat>> threats(@PathParam("applicationId") String applicationId) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(applicationId);
        String team = caller.teamFilter("m.team", parameters);
        String sql = "select r.threat_id, r.rule_id, r.title, r.target, r.severity, cast(r.rating as text),"
                + " r.updated_at from threat_risks r left join model_contexts m on m.application_id = r.application_id"
                + (team.isEmpty() ? " where" : team + " and") + " r.application_id = ?1"
                + " order by cast(r.rating ->> 'score' as double precision) desc, r.threat_id";
        return query(sql, parameters).map(rows -> {
            if (rows.isEmpty()) {
                throw ProblemException.notFound("no rated threats of model '" + applicationId + "' you may see");
            }
            return rows.stream().map(row -> {
                RiskRating rating = rating((String) row[5]);
                return new RatedThreat((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                        (String) row[4], rating.score(), rating, (OffsetDateTime) row[6]);
            }).toList();
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

    private static Map<String, Long> ordered(Map<String, Long> counts) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        SEVERITIES.forEach(s -> ordered.put(s, counts.getOrDefault(s, 0L)));
        return ordered;
    }

    private static RiskRating rating(String json) {
        try {
            return EventCodec.mapper().readValue(json, RiskRating.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored rating is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
