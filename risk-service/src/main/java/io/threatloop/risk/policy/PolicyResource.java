package io.threatloop.risk.policy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.threatloop.api.Caller;
import io.threatloop.api.ProblemException;
import io.threatloop.risk.scoring.ActivePolicy;
import io.threatloop.risk.scoring.PolicyRescore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * The scoring policy in force (docs/RISK.md), and its replacement by administrators: a newer
 * version rescores every open threat and publishes {@code RiskChanged} only where a rating moved;
 * an invalid policy is refused with the field named and the policy in force stays.
 */
@Path("/api/risks/policy")
@Tag(name = "risks")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private static final Logger LOG = Logger.getLogger(PolicyResource.class);

    /** A policy is a page of YAML; a limit keeps a huge one from costing a parse at all. */
    static final int MAX_DOCUMENT_CHARS = 256 * 1024;

    @Inject
    ActivePolicy policy;

    @Inject
    PolicyRescore rescore;

    @Inject
    Caller caller;

    public record PolicyInForce(int version, String impact, String document) {
    }

    public record PolicyChange(int version, int riskChanges) {
    }

    @GET
    @RolesAllowed(Caller.VIEWER)
    @Operation(summary = "The scoring policy in force, as YAML")
    public PolicyInForce current() {
        ActivePolicy.Versioned current = policy.current();
        return new PolicyInForce(current.policy().version(), current.policy().businessImpact() ? "business"
                : "technical", current.document());
    }

    @PUT
    @RolesAllowed(Caller.ADMIN)
    @Consumes({"application/yaml", MediaType.TEXT_PLAIN})
    @WithSession
    @Operation(summary = "Put a newer scoring policy in force (YAML) and rescore every open threat")
    public Uni<PolicyChange> replace(String document) {
        String by = caller.name();
        String text = document == null ? "" : document;
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw ProblemException.invalid("body", "a scoring policy is at most " + MAX_DOCUMENT_CHARS
                    + " characters (docs/RISK.md); this one has " + text.length());
        }
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(() -> policy.parse(text))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) // YAML parsing is CPU work
                .emitOn(task -> context.runOnContext(ignored -> task.run())) // the session lives on this context
                .chain(parsed -> Panache.withTransaction(() -> policy.store(parsed, by)
                        .chain(next -> rescore.rescoreAll(next).map(changes -> Map.entry(next, changes)))))
                .invoke(done -> policy.activate(done.getKey())) // only once the rescore is committed
                .map(done -> new PolicyChange(done.getKey().policy().version(), done.getValue()))
                .invoke(change -> LOG.infof("risk scoring policy version %d put in force by %s: %d risk change(s)",
                        change.version(), by, change.riskChanges()));
    }
}
