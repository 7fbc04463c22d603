package io.threatloop.risk.dashboard;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.threatloop.api.Caller;
import io.threatloop.risk.dashboard.LiveRiskChanges.LiveRiskChange;
import io.threatloop.risk.scoring.ModelOwners;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.Collection;

/**
 * What the dashboard page ({@code /dashboard/}) needs beyond the register: where to sign in, and
 * the live stream of risk changes of the caller's teams as server-sent events.
 */
@Path("/api/risks")
@Tag(name = "risks")
public class DashboardResource {

    /** Where the page signs its user in: a public client with PKCE, so no secret reaches the browser. */
    public record SignIn(String authServerUrl, String clientId) {
    }

    @Inject
    Caller caller;

    @Inject
    LiveRiskChanges changes;

    @Inject
    ModelOwners owners;

    @ConfigProperty(name = "threatloop.dashboard.auth-server-url")
    String authServerUrl;

    @ConfigProperty(name = "threatloop.dashboard.client-id")
    String clientId;

    @GET
    @Path("dashboard/sign-in")
    @PermitAll // read before signing in; names only public things
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Where the dashboard signs in (Keycloak realm URL and public client)")
    public SignIn signIn() {
        return new SignIn(authServerUrl, clientId);
    }

    @GET
    @Path("stream")
    @RolesAllowed(Caller.VIEWER)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Risk changes of the caller's teams as they happen (server-sent events)")
    public Multi<LiveRiskChange> stream() {
        Collection<String> teams = caller.teams(); // null: an administrator sees every model
        if (teams == null) {
            return changes.fromNow();
        }
        // ownership asked per change, not once per stream: a model moved to another team stops
        // streaming to the old one and starts streaming to the new one (ModelOwners)
        return changes.fromNow()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .filter(live -> owners.teamOf(live.change().applicationId()).filter(teams::contains).isPresent());
    }

}
