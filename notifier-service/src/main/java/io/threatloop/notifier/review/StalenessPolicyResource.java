package io.threatloop.notifier.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.threatloop.api.Caller;
import io.vertx.mutiny.sqlclient.Pool;
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

/**
 * The staleness policy in force (review intervals by severity, drift triggers, deadlines) and its
 * replacement by administrators: a newer version applies from the next event and evaluation.
 */
@Path("/api/review-policy")
@Tag(name = "review tasks")
@Produces(MediaType.APPLICATION_JSON)
public class StalenessPolicyResource {

    private static final Logger LOG = Logger.getLogger(StalenessPolicyResource.class);

    @Inject
    StalenessPolicies policies;

    @Inject
    Caller caller;

    @Inject
    Pool pool;

    @GET
    @RolesAllowed(Caller.VIEWER)
    @Operation(summary = "The staleness policy in force (durations in ISO-8601, e.g. P30D)")
    public Uni<JsonNode> current() {
        return policies.versioned(pool).map(StalenessPolicies::document);
    }

    @PUT
    @RolesAllowed(Caller.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Put a newer staleness policy in force (the whole document, with a higher version)")
    public Uni<JsonNode> replace(String document) {
        String by = caller.name();
        return pool.withTransaction(connection -> policies.store(connection, document == null ? "" : document, by))
                .invoke(next -> LOG.infof("staleness policy version %d put in force by %s", next.version(), by))
                .map(StalenessPolicies::document);
    }
}
