package io.threatloop.notifier.review;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.review.ReviewTaskEscalated;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What no event announces: a model that merely ages past its review interval gets a task, and a
 * task past its deadline is escalated. On a schedule, one replica at a time (advisory lock),
 * {@link #BATCH} models per transaction.
 */
@ApplicationScoped
public class StalenessSchedule {

    private static final Logger LOG = Logger.getLogger(StalenessSchedule.class);
    private static final long EVALUATION_LOCK = 0x7374616c65L; // "stale"
    static final int BATCH = 500;

    @Inject
    StalenessPolicies policies;

    @Inject
    ReviewTaskHandler tasks;

    @Inject
    ReviewTasks reviewTasks;

    @Inject
    Pool pool;

    /** What one evaluation did. */
    public record Evaluation(int raised, int escalated) {
    }

    @Scheduled(every = "${threatloop.notifier.evaluate-every:15m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${threatloop.notifier.first-evaluation-delay:30s}")
    Uni<Void> scheduled() {
        return evaluate(Instant.now())
                .invoke(done -> {
                    if (done.raised() + done.escalated() > 0) {
                        LOG.infof("staleness evaluation: %d review task(s) raised for ageing models, %d escalated",
                                done.raised(), done.escalated());
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("staleness evaluation failed, will run again: %s", e.getMessage()))
                .onFailure().recoverWithItem(new Evaluation(0, 0))
                .replaceWithVoid();
    }

    /** Raises tasks for models overdue at {@code now} and escalates tasks past their deadline. */
    public Uni<Evaluation> evaluate(Instant now) {
        return raiseOverdue(now, "").chain(raised -> escalate(now).map(escalated -> new Evaluation(raised, escalated)));
    }

    /** One transaction's models (the last id to continue after) and the tasks raised for them. */
    private record Batch(int models, String last, int raised) {
    }

    /** Models without an unfinished task, after {@code after} in id order, a batch per transaction. */
    private Uni<Integer> raiseOverdue(Instant now, String after) {
        return pool.withTransaction(connection -> locked(connection).chain(locked -> !locked
                        ? Uni.createFrom().item(new Batch(0, after, 0))
                        : connection.preparedQuery("select s.application_id, s.state::text from model_review_states s"
                                + " where s.application_id > $1 and not exists (select 1 from review_tasks t"
                                + " where t.application_id = s.application_id and t.status <> 'DONE')"
                                + " order by s.application_id limit " + BATCH).execute(Tuple.of(after))
                        .chain(rows -> policies.inForce(connection).chain(policy -> {
                            // the query kept only models without an unfinished task
                            List<ReviewTaskHandler.Raise> raises = new ArrayList<>();
                            String last = after;
                            for (Row row : rows) {
                                ModelReviewState state = ModelStates.read(row.getString(1));
                                last = row.getString(0);
                                policy.overdueReason(state, now).ifPresent(reason -> raises.add(
                                        new ReviewTaskHandler.Raise(state, List.of(reason), policy.reviewWithin(state))));
                            }
                            Batch batch = new Batch(rows.size(), last, raises.size());
                            return raises.isEmpty() ? Uni.createFrom().item(batch)
                                    : tasks.raiseAll(connection, null, raises).replaceWith(batch);
                        }))))
                .chain(batch -> batch.models() < BATCH ? Uni.createFrom().item(batch.raised())
                        : raiseOverdue(now, batch.last()).map(later -> later + batch.raised()));
    }

    private Uni<Integer> escalate(Instant now) {
        return pool.withTransaction(connection -> locked(connection).chain(locked -> !locked ? Uni.createFrom().item(0)
                : reviewTasks.dueBefore(connection, now.atOffset(ZoneOffset.UTC)).chain(due -> {
                    OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
                    for (ReviewTask task : due) {
                        task.escalate(at);
                        LOG.infof("review task %s of model '%s' escalated: due %s", task.taskId, task.applicationId,
                                task.dueBy);
                    }
                    return reviewTasks.update(connection, due)
                            .chain(() -> tasks.publishAll(connection, null, due.stream().map(task ->
                                    new ReviewTaskEscalated(task.applicationId, task.taskId, task.reasons(),
                                            task.dueBy.toInstant())).toList(),
                                    due.stream().map(task -> task.team).toList()))
                            .replaceWith(due.size());
                })));
    }

    private static Uni<Boolean> locked(SqlClient connection) {
        return connection.query("select pg_try_advisory_xact_lock(" + EVALUATION_LOCK + ")").execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }
}
