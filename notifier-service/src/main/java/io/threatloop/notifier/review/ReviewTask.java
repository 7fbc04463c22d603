package io.threatloop.notifier.review;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A request that a person reviews one threat model: OPEN -> ACKNOWLEDGED -> DONE (closed by the
 * model's review), ESCALATED once its deadline passes, back to OPEN or ACKNOWLEDGED when it is
 * snoozed. At most one unfinished task per model. The status changes only through the
 * transitions below, so the rules of the lifecycle are in this one place.
 */
@Entity
@Table(name = "review_tasks")
public class ReviewTask extends PanacheEntityBase {

    public static final String OPEN = "OPEN";
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    public static final String ESCALATED = "ESCALATED";
    public static final String DONE = "DONE";
    public static final Set<String> STATUSES = Set.of(OPEN, ACKNOWLEDGED, ESCALATED, DONE);

    @Id
    @Column(name = "task_id")
    public String taskId;

    @Column(name = "application_id", nullable = false)
    public String applicationId;

    @Column(name = "team")
    public String team;

    @Column(name = "status", nullable = false)
    public String status;

    /** {@code {"reasons": [...]}}: the reactive driver reads jsonb as objects only, not arrays. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "reasons", nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> reasons;

    @Column(name = "raised_at", nullable = false)
    public OffsetDateTime raisedAt;

    @Column(name = "due_by", nullable = false)
    public OffsetDateTime dueBy;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    @Column(name = "acknowledged_at")
    public OffsetDateTime acknowledgedAt;

    @Column(name = "escalated_at")
    public OffsetDateTime escalatedAt;

    @Column(name = "snooze_reason")
    public String snoozeReason;

    @Column(name = "snoozed_by")
    public String snoozedBy;

    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    @Column(name = "closed_reason")
    public String closedReason;

    /** A new task for a model, due {@code within} from {@code now}. */
    static ReviewTask raise(String applicationId, String team, List<String> reasons, OffsetDateTime now,
                            Duration within) {
        ReviewTask task = new ReviewTask();
        task.taskId = UUID.randomUUID().toString();
        task.applicationId = applicationId;
        task.team = team;
        task.status = OPEN;
        task.reasons(reasons);
        task.raisedAt = now;
        task.dueBy = now.plus(within);
        return task;
    }

    public boolean isDone() {
        return DONE.equals(status);
    }

    /**
     * Someone takes the task on: an open task becomes acknowledged, an escalated one stays
     * escalated and now has an owner. False when it had one already (nothing changes).
     */
    boolean acknowledge(String by, OffsetDateTime at) {
        requireUnfinished("acknowledged");
        if (acknowledgedBy != null) {
            return false;
        }
        acknowledgedBy = by;
        acknowledgedAt = at;
        if (OPEN.equals(status)) {
            status = ACKNOWLEDGED;
        }
        return true;
    }

    /** A new deadline, with a reason; an escalated task is back to where it was before its deadline passed. */
    void snooze(OffsetDateTime until, String reason, String by) {
        requireUnfinished("snoozed");
        dueBy = until;
        snoozeReason = reason;
        snoozedBy = by;
        if (ESCALATED.equals(status)) {
            status = acknowledgedBy == null ? OPEN : ACKNOWLEDGED;
        }
    }

    /** Its deadline passed while it was open or acknowledged. */
    void escalate(OffsetDateTime at) {
        if (!OPEN.equals(status) && !ACKNOWLEDGED.equals(status)) {
            throw new IllegalStateException("review task " + taskId + " is " + status + ": only an open or"
                    + " acknowledged task escalates");
        }
        status = ESCALATED;
        escalatedAt = at;
    }

    /** The model was reviewed. */
    void close(String reason, OffsetDateTime at) {
        requireUnfinished("closed");
        status = DONE;
        closedAt = at;
        closedReason = reason;
    }

    private void requireUnfinished(String what) {
        if (isDone()) {
            throw new IllegalStateException("review task " + taskId + " is done and cannot be " + what);
        }
    }

    @SuppressWarnings("unchecked")
    public List<String> reasons() {
        return reasons == null ? List.of() : List.copyOf((List<String>) reasons.getOrDefault("reasons", List.of()));
    }

    public void reasons(List<String> list) {
        reasons = Map.of("reasons", List.copyOf(list));
    }

    /** The unfinished task of each of the models that has one. */
    public static Uni<Map<String, ReviewTask>> unfinishedFor(Collection<String> applicationIds) {
        return ReviewTask.<ReviewTask>list("applicationId in ?1 and status <> ?2", applicationIds, DONE).map(tasks -> {
            Map<String, ReviewTask> byModel = new HashMap<>();
            tasks.forEach(task -> byModel.putIfAbsent(task.applicationId, task));
            return byModel;
        });
    }
}
