package io.threatloop.model.api;

import io.threatloop.api.Caller;
import io.smallrye.mutiny.Uni;
import io.threatloop.model.persistence.ProjectionRebuild;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** Operations on the service itself, for administrators. */
@Path("/api/admin")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    ProjectionRebuild rebuild;

    @POST
    @Path("projections/rebuild")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Rebuild the projections (model summaries) from the event log")
    public Uni<Map<String, Integer>> rebuildProjections() {
        return rebuild.rebuild().map(count -> Map.of("models", count));
    }
}
