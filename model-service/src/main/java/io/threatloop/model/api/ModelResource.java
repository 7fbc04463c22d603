package io.threatloop.model.api;

import io.threatloop.api.Caller;
import io.threatloop.api.TimeParameter;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.model.api.Requests.CommandResult;
import io.threatloop.model.api.Requests.JudgementRequest;
import io.threatloop.model.api.Requests.MitigationRequest;
import io.threatloop.model.api.Requests.OwnerRequest;
import io.threatloop.api.Page;
import io.threatloop.api.Paging;
import io.threatloop.model.api.Requests.ReviewRequest;
import io.threatloop.model.api.Requests.ProposalRequest;
import io.threatloop.model.domain.CommandRejected;
import io.threatloop.model.domain.UserCommand;
import io.threatloop.model.persistence.ModelHistory;
import io.threatloop.model.persistence.ModelSummaries;
import io.threatloop.model.persistence.ModelSummary;
import io.threatloop.model.persistence.RecordedModelEvent;
import io.threatloop.model.view.ModelDiff;
import io.threatloop.model.view.ModelView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/**
 * The threat models of the caller's teams: current state, time travel, diffs, history, and the
 * decisions people record on them. Another team's model answers 404, like an unknown one.
 */
@Path("/api/models")
@Tag(name = "models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ModelResource {

    @Inject
    Caller caller;

    @Inject
    ModelSummaries summaries;

    @Inject
    ModelHistory history;

    @Inject
    UserCommandHandler commands;

    /** A model in a list: its headline figures. */
    public record ModelSummaryView(String applicationId, String team, long version, int entryPoints,
                                   int openThreats, OffsetDateTime lastReviewedAt, OffsetDateTime updatedAt) {
        static ModelSummaryView of(ModelSummary row) {
            return new ModelSummaryView(row.applicationId, row.team, row.version, row.entryPoints, row.openThreats,
                    row.lastReviewedAt, row.updatedAt);
        }
    }

    @GET
    @RolesAllowed(Caller.VIEWER)
    @WithSession
    @Operation(summary = "List the models the caller may see, ordered by application id")
    public Uni<Page<ModelSummaryView>> list(@Parameter(schema = @Schema(minimum = "0")) @QueryParam("page")
                                            @DefaultValue("0") int page,
                                            @Parameter(schema = @Schema(minimum = "1", maximum = "200"))
                                            @QueryParam("size") @DefaultValue("50") int size) {
        Paging.check(page, size);
        Collection<String> teams = caller.teams();
        if (teams != null && teams.isEmpty()) {
            return Uni.createFrom().item(new Page<>(List.of(), page, size, 0));
        }
        return summaries.count(teams).chain(total -> summaries.page(teams, page, size)
                .map(rows -> new Page<>(rows.stream().map(ModelSummaryView::of).toList(), page, size, total)));
    }

    @GET
    @Path("{applicationId}")
    @RolesAllowed(Caller.VIEWER)
    @WithSession
    @Operation(summary = "A model now, or as it was at a version or a time (ISO-8601)")
    public Uni<ModelView> get(@PathParam("applicationId") String applicationId,
                              @QueryParam("version") Long version, @QueryParam("at") String at) {
        if (version != null && at != null) {
            throw CommandRejected.invalid("at", "give either version or at, not both");
        }
        if (version != null && version < 1) {
            throw CommandRejected.invalid("version", "versions start at 1");
        }
        Instant time = at == null ? null : TimeParameter.instant("at", at);
        return visible(applicationId).chain(() -> history.view(applicationId, version, time))
                .map(view -> view.orElseThrow(() -> CommandRejected.notFound("model '" + applicationId
                        + "' did not exist " + (version != null ? "at version " + version : "at " + at))));
    }

    @GET
    @Path("{applicationId}/diff")
    @RolesAllowed(Caller.VIEWER)
    @WithSession
    @Operation(summary = "What changed between two versions of a model")
    public Uni<ModelDiff> diff(@PathParam("applicationId") String applicationId,
                               @QueryParam("from") Long from, @QueryParam("to") Long to) {
        if (from == null || from < 1) {
            throw CommandRejected.invalid("from", "from is a version, starting at 1");
        }
        if (to != null && to < from) {
            throw CommandRejected.invalid("to", "to is a version at or after from");
        }
        return visible(applicationId)
                .chain(() -> history.view(applicationId, from, null))
                .chain(before -> history.view(applicationId, to, null).map(after -> {
                    if (before.isEmpty() || after.isEmpty() || (to != null && after.get().version() < to)) {
                        throw CommandRejected.notFound("model '" + applicationId + "' has no version "
                                + (before.isEmpty() ? from : to));
                    }
                    return ModelDiff.between(before.get(), after.get());
                }));
    }

    @GET
    @Path("{applicationId}/events")
    @RolesAllowed(Caller.VIEWER)
    @WithSession
    @Operation(summary = "The model's events after a version, with their causes (observation, commit, resource version)")
    public Uni<List<RecordedModelEvent>> history(@PathParam("applicationId") String applicationId,
                                                 @QueryParam("after") @DefaultValue("0") long after,
                                                 @Parameter(schema = @Schema(minimum = "1", maximum = "200"))
                                                 @QueryParam("size") @DefaultValue("100") int size) {
        if (after < 0) {
            throw CommandRejected.invalid("after", "after is a version, 0 for the start");
        }
        Paging.checkSize(size);
        return visible(applicationId).chain(() -> history.page(applicationId, after, size));
    }

    @PUT
    @Path("{applicationId}/owner")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Make a team the owner of a model (administrators)")
    public Uni<CommandResult> assignOwner(@PathParam("applicationId") String applicationId, OwnerRequest request) {
        OwnerRequest body = required(request);
        return run(new UserCommand.AssignOwner(applicationId, body.team(), caller.name()));
    }

    @POST
    @Path("{applicationId}/threats/{threatId}/mitigations")
    @RolesAllowed(Caller.ANALYST)
    @ResponseStatus(201)
    @Operation(summary = "Record a mitigation of an open threat")
    public Uni<CommandResult> addMitigation(@PathParam("applicationId") String applicationId,
                                            @PathParam("threatId") String threatId, MitigationRequest request) {
        MitigationRequest body = required(request);
        return run(new UserCommand.RecordMitigation(applicationId, threatId, null, body.description(), body.status(),
                caller.name()));
    }

    @PUT
    @Path("{applicationId}/threats/{threatId}/mitigations/{mitigationId}")
    @RolesAllowed(Caller.ANALYST)
    @Operation(summary = "Move a mitigation on (proposed, implemented, verified)")
    public Uni<CommandResult> updateMitigation(@PathParam("applicationId") String applicationId,
                                               @PathParam("threatId") String threatId,
                                               @PathParam("mitigationId") String mitigationId,
                                               MitigationRequest request) {
        MitigationRequest body = required(request);
        return run(new UserCommand.RecordMitigation(applicationId, threatId, mitigationId, body.description(),
                body.status(), caller.name()));
    }

    @POST
    @Path("{applicationId}/threats/{threatId}/acceptance")
    @RolesAllowed(Caller.ANALYST)
    @Operation(summary = "Accept the risk of an open threat, with a justification, until an expiry")
    public Uni<CommandResult> acceptRisk(@PathParam("applicationId") String applicationId,
                                         @PathParam("threatId") String threatId, JudgementRequest request) {
        JudgementRequest body = required(request);
        return run(new UserCommand.AcceptRisk(applicationId, threatId, body.justification(), body.expiresAt(),
                caller.name(), Instant.now()));
    }

    @POST
    @Path("{applicationId}/threats/{threatId}/false-positive")
    @RolesAllowed(Caller.ANALYST)
    @Operation(summary = "Mark an open threat a false positive, with a justification, until an expiry")
    public Uni<CommandResult> markFalsePositive(@PathParam("applicationId") String applicationId,
                                                @PathParam("threatId") String threatId, JudgementRequest request) {
        JudgementRequest body = required(request);
        return run(new UserCommand.MarkFalsePositive(applicationId, threatId, body.justification(), body.expiresAt(),
                caller.name(), Instant.now()));
    }

    @POST
    @Path("{applicationId}/reviews")
    @RolesAllowed(Caller.ANALYST)
    @ResponseStatus(201)
    @Operation(summary = "Record a review of the whole model (closes its review task)")
    public Uni<CommandResult> review(@PathParam("applicationId") String applicationId, ReviewRequest request) {
        String notes = request == null ? null : request.notes();
        return run(new UserCommand.RecordReview(applicationId, notes, caller.name(), Instant.now()));
    }

    @POST
    @Path("{applicationId}/proposed-changes")
    @RolesAllowed(Caller.ANALYST)
    @ResponseStatus(201)
    @Operation(summary = "Record a proposed change (threatloop gate --post): what it would introduce and resolve;"
            + " the model's threats change only when the change lands")
    public Uni<CommandResult> propose(@PathParam("applicationId") String applicationId, ProposalRequest request) {
        ProposalRequest body = required(request);
        return run(new UserCommand.ProposeChange(applicationId, body.base(), body.head(), body.introduced(),
                body.resolved(), body.specs(), body.passed(), caller.name(), Instant.now()));
    }

    private Uni<CommandResult> run(UserCommand command) {
        return commands.handle(command, caller.teams()).map(events -> new CommandResult(command.applicationId(),
                events.isEmpty() ? null : events.get(events.size() - 1).data().modelVersion(),
                events.stream().map(Envelope::type).toList()));
    }

    /** Fails with 404 unless the model exists and belongs to one of the caller's teams. */
    private Uni<Void> visible(String applicationId) {
        return summaries.find(applicationId).map(summary -> {
            if (summary == null || !caller.canSee(summary.team)) {
                throw CommandRejected.notFound("no threat model for application '" + applicationId + "'");
            }
            return null;
        });
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw CommandRejected.invalid("body", "a JSON body is required");
        }
        return body;
    }


}
