package io.threatloop.model.api;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.threatloop.api.Caller;
import io.threatloop.api.Page;
import io.threatloop.api.Paging;
import io.threatloop.model.domain.CommandRejected;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Across the models of the caller's teams: the threat register and the endpoint inventory, read
 * from their projections, in a stable order.
 */
@Path("/api")
@Tag(name = "register")
@Produces(MediaType.APPLICATION_JSON)
public class RegisterResource {

    private static final Set<String> STANDINGS = Set.of("open", "accepted", "false-positive");
    private static final Set<String> EXPOSURES = Set.of("internet", "node-port", "cluster-internal",
            "namespace-isolated", "not-deployed");

    @Inject
    Caller caller;

    /** A threat in the register; {@code standing} is judged now (an expired acceptance is open again). */
    public record RegisteredThreat(String threatId, String applicationId, String ruleId, String title,
                                   String owaspCategory, String target, String standing, OffsetDateTime standingUntil,
                                   OffsetDateTime identifiedAt) {
    }

    public record InventoryEntry(String applicationId, String entryPointId, String method, String path,
                                 String specPath, boolean authenticated, boolean deprecated, String exposure) {
    }

    @GET
    @Path("threats")
    @RolesAllowed(Caller.VIEWER)
    @WithSession
    @Operation(summary = "The threat register of the caller's teams, by application and threat id")
    public Uni<Page<RegisteredThreat>> threats(@QueryParam("standing") String standing,
                                               @Parameter(schema = @Schema(minimum = "0"))
                                               @QueryParam("page") @DefaultValue("0") int page,
                                               @Parameter(schema = @Schema(minimum = "1", maximum = "200"))
                                               @QueryParam("size") @DefaultValue("50") int size) {
        Paging.check(page, size);
        if (standing != null && !STANDINGS.contains(standing)) {
            throw CommandRejected.invalid("standing", "standing is open, accepted or false-positive");
        }
        String rows = """
                select t.threat_id, t.application_id, t.rule_id, t.title, t.owasp_category, t.target,
                       case when t.standing <> 'open' and t.standing_until <= now() then 'open' else t.standing end
                           as standing,
                       t.standing_until, t.identified_at
                from threat_register t join model_summaries m on m.application_id = t.application_id
                """;
        List<Object> parameters = new ArrayList<>();
        String where = caller.teamFilter("m.team", parameters);
        String sql = "select * from (" + rows + where + ") r"
                + (standing == null ? "" : " where r.standing = ?" + (parameters.size() + 1));
        if (standing != null) {
            parameters.add(standing);
        }
        return page(sql, " order by application_id, threat_id", parameters, page, size, row -> new RegisteredThreat(
                (String) row[0], (String) row[1], (String) row[2], (String) row[3], (String) row[4], (String) row[5],
                (String) row[6], (OffsetDateTime) row[7], (OffsetDateTime) row[8]));
    }

    @GET
    @Path("entry-points")
    @RolesAllowed(Caller.VIEWER)
    @WithSession
    @Operation(summary = "The endpoint inventory of the caller's teams, optionally only one exposure level")
    public Uni<Page<InventoryEntry>> entryPoints(@QueryParam("exposure") String exposure,
                                                 @Parameter(schema = @Schema(minimum = "0"))
                                                 @QueryParam("page") @DefaultValue("0") int page,
                                                 @Parameter(schema = @Schema(minimum = "1", maximum = "200"))
                                                 @QueryParam("size") @DefaultValue("50") int size) {
        Paging.check(page, size);
        if (exposure != null && !EXPOSURES.contains(exposure)) {
            throw CommandRejected.invalid("exposure", "exposure is one of " + String.join(", ", EXPOSURES));
        }
        List<Object> parameters = new ArrayList<>();
        String sql = """
                select * from (select e.application_id, e.entry_point_id, e.method, e.path, e.spec_path,
                       e.authenticated, e.deprecated, e.exposure
                from entry_points e join model_summaries m on m.application_id = e.application_id
                """ + caller.teamFilter("m.team", parameters) + ") r";
        if (exposure != null) {
            parameters.add(exposure);
            sql += " where r.exposure = ?" + parameters.size();
        }
        return page(sql, " order by application_id, entry_point_id", parameters, page, size, row -> new InventoryEntry(
                (String) row[0], (String) row[1], (String) row[2], (String) row[3], (String) row[4],
                (Boolean) row[5], (Boolean) row[6], (String) row[7]));
    }

    /** Limits rows to the caller's teams (nothing for a caller with none; everything for an administrator). */
    private static <T> Uni<Page<T>> page(String sql, String order, List<Object> parameters, int page, int size,
                                         java.util.function.Function<Object[], T> mapper) {
        return Panache.getSession().chain(session -> {
            var count = session.createNativeQuery("select count(*) from (" + sql + ") c", Long.class);
            var select = session.createNativeQuery(sql + order + " limit " + size + " offset " + (long) page * size,
                    Object[].class);
            for (int i = 0; i < parameters.size(); i++) {
                count.setParameter(i + 1, parameters.get(i));
                select.setParameter(i + 1, parameters.get(i));
            }
            return count.getSingleResult().chain(total -> select.getResultList()
                    .map(rows -> new Page<>(rows.stream().map(mapper).toList(), page, size, total)));
        });
    }
}
