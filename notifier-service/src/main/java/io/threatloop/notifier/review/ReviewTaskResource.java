package io.threatloop.notifier.review;

import io.smallrye.mutiny.Uni;
import io.threatloop.api.Caller;
import io.threatloop.api.Page;
import io.threatloop.api.Paging;
import io.threatloop.api.ProblemException;
import io.threatloop.api.TimeParameter;
import io.threatloop.contracts.review.ReviewTaskAcknowledged;
import io.threatloop.contracts.review.ReviewTaskSnoozed;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The review tasks of the caller's teams (administrators: every team): list with filters,
 * acknowledge, snooze with a reason and an end date. A task is done when its model is reviewed
 * ({@code POST /api/models/{app}/reviews} on model-service), not here.
 */
@Path("/api/review-tasks")
@Tag(name = "review tasks")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewTaskResource {

    private static final Logger LOG = Logger.getLogger(ReviewTaskResource.class);
    /** Snoozing further than this would hide a model from review for too long. */
    static final Duration MAX_SNOOZE = Duration.ofDays(90);
    /** A reason is read by people and travels in ReviewTaskSnoozed: a paragraph, not a document. */
    static final int MAX_REASON = 2_000;

    @Inject
    Caller caller;

    @Inject
    ReviewTaskHandler tasks;

    @Inject
    ReviewTasks reviewTasks;

    @Inject
    Pool pool;

    public record TaskView(String taskId, String applicationId, String team, String status, List<String> reasons,
                           OffsetDateTime raisedAt, OffsetDateTime dueBy, String acknowledgedBy,
                           OffsetDateTime escalatedAt, String snoozeReason, OffsetDateTime closedAt,
                           String closedReason) {
        static TaskView of(ReviewTask t) {
            return new TaskView(t.taskId, t.applicationId, t.team, t.status, t.reasons(), t.raisedAt, t.dueBy,
                    t.acknowledgedBy, t.escalatedAt, t.snoozeReason, t.closedAt, t.closedReason);
        }
    }

    public record Snooze(OffsetDateTime until, String reason) {
    }

    @GET
    @RolesAllowed(Caller.VIEWER)
    @Operation(summary = "Review tasks of your teams, soonest deadline first; filter by status, model, team,"
            + " due before")
    public Uni<Page<TaskView>> list(@QueryParam("status") String status, @QueryParam("applicationId") String app,
                                    @QueryParam("team") String team, @QueryParam("dueBefore") String dueBefore,
                                    @Parameter(schema = @Schema(minimum = "0")) @QueryParam("page")
                                    @DefaultValue("0") int page,
                                    @Parameter(schema = @Schema(minimum = "1", maximum = "200"))
                                    @QueryParam("size") @DefaultValue("50") int size) {
        Paging.check(page, size);
        if (status != null && !ReviewTask.STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "one of " + ReviewTask.STATUSES + ", not '" + status + "'");
        }
        ReviewTasks.Filter filter = new ReviewTasks.Filter(status, app, team,
                dueBefore == null ? null : TimeParameter.parse("dueBefore", dueBefore),
                caller.teams() == null ? null : List.copyOf(caller.teams()));
        return reviewTasks.page(pool, filter, page, size)
                .map(found -> new Page<>(found.items().stream().map(TaskView::of).toList(), page, size, found.total()));
    }

    @GET
    @Path("{taskId}")
    @RolesAllowed(Caller.VIEWER)
    @Operation(summary = "One review task")
    public Uni<TaskView> get(@PathParam("taskId") String taskId) {
        return visible(pool, taskId, false).map(TaskView::of);
    }

    @POST
    @Path("{taskId}/acknowledge")
    @RolesAllowed(Caller.ANALYST)
    @Operation(summary = "Take the task on: it stays until the model is reviewed")
    public Uni<TaskView> acknowledge(@PathParam("taskId") String taskId) {
        String by = caller.name();
        return pool.withTransaction(connection -> visible(connection, taskId, true).chain(task -> {
            if (task.isDone()) {
                throw ProblemException.conflict("review task " + taskId + " is done");
            }
            if (!task.acknowledge(by, OffsetDateTime.now(ZoneOffset.UTC))) {
                return Uni.createFrom().item(task); // acknowledging twice changes nothing
            }
            return reviewTasks.update(connection, List.of(task)).chain(() -> tasks.publish(connection, null,
                    new ReviewTaskAcknowledged(task.applicationId, task.taskId, by), task.team)).replaceWith(task);
        })).map(TaskView::of).invoke(t -> LOG.infof("review task %s acknowledged by %s", taskId, by));
    }

    @POST
    @Path("{taskId}/snooze")
    @RolesAllowed(Caller.ANALYST)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move the task's deadline to 'until' (at most 90 days ahead), with a reason")
    public Uni<TaskView> snooze(@PathParam("taskId") String taskId, Snooze snooze) {
        String by = caller.name();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (snooze == null || snooze.reason() == null || snooze.reason().isBlank()) {
            throw ProblemException.invalid("reason", "say why the review can wait");
        }
        if (snooze.reason().length() > MAX_REASON) {
            throw ProblemException.invalid("reason", "a reason is at most " + MAX_REASON + " characters");
        }
        if (snooze.until() == null || !snooze.until().isAfter(now)) {
            throw ProblemException.invalid("until", "a date-time in the future is required");
        }
        if (snooze.until().isAfter(now.plus(MAX_SNOOZE))) {
            throw ProblemException.invalid("until", "at most " + MAX_SNOOZE.toDays() + " days ahead");
        }
        return pool.withTransaction(connection -> visible(connection, taskId, true).chain(task -> {
            if (task.isDone()) {
                throw ProblemException.conflict("review task " + taskId + " is done");
            }
            task.snooze(snooze.until(), snooze.reason(), by);
            return reviewTasks.update(connection, List.of(task)).chain(() -> tasks.publish(connection, null,
                    new ReviewTaskSnoozed(task.applicationId, task.taskId, snooze.until().toInstant(), snooze.reason(),
                            by), task.team)).replaceWith(task);
        })).map(TaskView::of).invoke(t -> LOG.infof("review task %s snoozed by %s until %s", taskId, by, snooze.until()));
    }

    /** The task if the caller may see it (locked when {@code forUpdate}); 404 like an unknown one otherwise. */
    private Uni<ReviewTask> visible(SqlClient client, String taskId, boolean forUpdate) {
        return reviewTasks.find(client, taskId, forUpdate).map(task -> {
            if (task == null || !caller.canSee(task.team)) {
                throw ProblemException.notFound("no review task " + taskId + " you may see");
            }
            return task;
        });
    }

}
