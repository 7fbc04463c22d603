package io.threatloop.notifier.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.threatloop.api.Page;
import io.threatloop.contracts.EventCodec;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The stored {@link ReviewTask}s ({@code review_tasks}): plain SQL on the caller's client (the
 * pool, or a connection in its transaction), any number of tasks written with one statement.
 * No entity: a managed JSON column was copied and compared at every flush.
 */
@ApplicationScoped
public class ReviewTasks {

    private static final String COLUMNS = "task_id, application_id, team, status, reasons::text as reasons,"
            + " raised_at, due_by, acknowledged_by, acknowledged_at, escalated_at, snooze_reason, snoozed_by,"
            + " closed_at, closed_reason";

    /** What {@link #page} selects; a null field does not filter. {@code teams} null: every team. */
    public record Filter(String status, String applicationId, String team, OffsetDateTime dueBefore,
                         Collection<String> teams) {
    }

    /** The unfinished task of each of the models that has one, locked for the transaction. */
    public Uni<Map<String, ReviewTask>> unfinishedFor(SqlClient client, Collection<String> applicationIds) {
        return client.preparedQuery("select " + COLUMNS + " from review_tasks where application_id = any($1::text[])"
                        + " and status <> 'DONE' order by application_id for update")
                .execute(Tuple.of(new TreeSet<>(applicationIds).toArray(String[]::new)))
                .map(rows -> {
                    Map<String, ReviewTask> byModel = new HashMap<>();
                    rows.forEach(row -> byModel.putIfAbsent(row.getString("application_id"), read(row)));
                    return byModel;
                });
    }

    /** The task, or null; locked for the caller's transaction when {@code forUpdate}. */
    public Uni<ReviewTask> find(SqlClient client, String taskId, boolean forUpdate) {
        return client.preparedQuery("select " + COLUMNS + " from review_tasks where task_id = $1"
                        + (forUpdate ? " for update" : ""))
                .execute(Tuple.of(taskId))
                .map(rows -> rows.iterator().hasNext() ? read(rows.iterator().next()) : null);
    }

    /** Open and acknowledged tasks whose deadline is before {@code instant}, locked. */
    public Uni<List<ReviewTask>> dueBefore(SqlClient client, OffsetDateTime instant) {
        return client.preparedQuery("select " + COLUMNS + " from review_tasks where status in ('OPEN', 'ACKNOWLEDGED')"
                        + " and due_by < $1 order by due_by, task_id for update")
                .execute(Tuple.of(instant))
                .map(ReviewTasks::readAll);
    }

    /** One page of the tasks {@code filter} selects, soonest deadline first, and how many it selects in all. */
    public Uni<Page<ReviewTask>> page(SqlClient client, Filter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        condition(where, parameters, "status = $%d", filter.status());
        condition(where, parameters, "application_id = $%d", filter.applicationId());
        condition(where, parameters, "team = $%d", filter.team());
        condition(where, parameters, "due_by < $%d", filter.dueBefore());
        condition(where, parameters, "team = any($%d::text[])",
                filter.teams() == null ? null : filter.teams().toArray(String[]::new));
        String selected = " from review_tasks" + (where.isEmpty() ? "" : " where " + String.join(" and ", where));
        Tuple tuple = Tuple.from(parameters);
        return client.preparedQuery("select count(*)" + selected).execute(tuple)
                .map(rows -> rows.iterator().next().getLong(0))
                .chain(total -> client.preparedQuery("select " + COLUMNS + selected
                                + " order by due_by, task_id limit " + size + " offset " + ((long) page * size))
                        .execute(tuple)
                        .map(rows -> new Page<>(readAll(rows), page, size, total)));
    }

    private static void condition(List<String> where, List<Object> parameters, String sql, Object value) {
        if (value != null) {
            parameters.add(value);
            where.add(String.format(sql, parameters.size()));
        }
    }

    /** New tasks, one statement however many. */
    public Uni<Void> insert(SqlClient client, List<ReviewTask> tasks) {
        if (tasks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("insert into review_tasks (task_id, application_id, team, status, reasons,"
                        + " raised_at, due_by) select t.id, t.app, t.team, t.status, t.reasons::jsonb, t.raised, t.due"
                        + " from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],"
                        + " $7::timestamptz[]) as t(id, app, team, status, reasons, raised, due)")
                .execute(Tuple.from(List.of(column(tasks, t -> t.taskId), column(tasks, t -> t.applicationId),
                        column(tasks, t -> t.team), column(tasks, t -> t.status), column(tasks, ReviewTasks::reasonsJson),
                        times(tasks, t -> t.raisedAt), times(tasks, t -> t.dueBy))))
                .replaceWithVoid();
    }

    /** Writes back what the transitions changed on tasks read in this transaction, one statement however many. */
    public Uni<Void> update(SqlClient client, Collection<ReviewTask> changed) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ReviewTask> tasks = List.copyOf(changed);
        return client.preparedQuery("update review_tasks r set team = u.team, status = u.status,"
                        + " reasons = u.reasons::jsonb, due_by = u.due, acknowledged_by = u.ack_by, acknowledged_at = u.ack_at,"
                        + " escalated_at = u.escalated, snooze_reason = u.snooze_reason, snoozed_by = u.snoozed_by,"
                        + " closed_at = u.closed, closed_reason = u.closed_reason"
                        + " from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[],"
                        + " $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[], $11::timestamptz[], $12::text[])"
                        + " as u(id, team, status, reasons, due, ack_by, ack_at, escalated, snooze_reason, snoozed_by,"
                        + " closed, closed_reason) where r.task_id = u.id")
                .execute(Tuple.from(List.of(column(tasks, t -> t.taskId), column(tasks, t -> t.team),
                        column(tasks, t -> t.status), column(tasks, ReviewTasks::reasonsJson),
                        times(tasks, t -> t.dueBy), column(tasks, t -> t.acknowledgedBy),
                        times(tasks, t -> t.acknowledgedAt),
                        times(tasks, t -> t.escalatedAt), column(tasks, t -> t.snoozeReason),
                        column(tasks, t -> t.snoozedBy), times(tasks, t -> t.closedAt),
                        column(tasks, t -> t.closedReason))))
                .replaceWithVoid();
    }

    /** A task belongs to whoever owns its model now, raised before or after the assignment. */
    public Uni<Void> assignTeam(SqlClient client, String applicationId, String team) {
        return client.preparedQuery("update review_tasks set team = $1 where application_id = $2")
                .execute(Tuple.of(team, applicationId)).replaceWithVoid();
    }

    private static String[] column(List<ReviewTask> tasks, Function<ReviewTask, String> value) {
        return tasks.stream().map(value).toArray(String[]::new);
    }

    private static OffsetDateTime[] times(List<ReviewTask> tasks, Function<ReviewTask, OffsetDateTime> value) {
        return tasks.stream().map(value).toArray(OffsetDateTime[]::new);
    }

    /** {@code {"reasons": [...]}}: the shape the column has held from the start. */
    private static String reasonsJson(ReviewTask task) {
        try {
            return EventCodec.mapper().writeValueAsString(Map.of("reasons", task.reasons()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("review task reasons not writable as JSON: " + e.getMessage(), e);
        }
    }

    private static List<ReviewTask> readAll(Iterable<Row> rows) {
        List<ReviewTask> tasks = new ArrayList<>();
        rows.forEach(row -> tasks.add(read(row)));
        return tasks;
    }

    static ReviewTask read(Row row) {
        ReviewTask task = new ReviewTask();
        task.taskId = row.getString("task_id");
        task.applicationId = row.getString("application_id");
        task.team = row.getString("team");
        task.status = row.getString("status");
        task.reasons(reasons(row.getString("reasons")));
        task.raisedAt = row.getOffsetDateTime("raised_at");
        task.dueBy = row.getOffsetDateTime("due_by");
        task.acknowledgedBy = row.getString("acknowledged_by");
        task.acknowledgedAt = row.getOffsetDateTime("acknowledged_at");
        task.escalatedAt = row.getOffsetDateTime("escalated_at");
        task.snoozeReason = row.getString("snooze_reason");
        task.snoozedBy = row.getString("snoozed_by");
        task.closedAt = row.getOffsetDateTime("closed_at");
        task.closedReason = row.getString("closed_reason");
        return task;
    }

    private static List<String> reasons(String json) {
        try {
            List<String> reasons = new ArrayList<>();
            JsonNode node = EventCodec.mapper().readTree(json).path("reasons");
            node.forEach(reason -> reasons.add(reason.asText()));
            return reasons;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable review_tasks reasons: " + e.getMessage(), e);
        }
    }
}
