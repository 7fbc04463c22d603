package io.threatloop.notifier.review;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A request that a person reviews one threat model: OPEN -> ACKNOWLEDGED -> DONE (closed by the
 * model's review), ESCALATED once its deadline passes, back to OPEN or ACKNOWLEDGED when it is
 * snoozed. At most one unfinished task per model. The status changes only through the
 * transitions below, so the rules of the lifecycle are in this one place. A row of
 * {@code review_tasks}, read and written by {@link ReviewTasks}.
 */
public class ReviewTask {

    public static final String OPEN = "OPEN";
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    public static final String ESCALATED = "ESCALATED";
    public static final String DONE = "DONE";
    public static final Set<String> STATUSES = Set.of(OPEN, ACKNOWLEDGED, ESCALATED, DONE);

    public String taskId;
    public String applicationId;
    public String team;
    public String status;
    private List<String> reasons = List.of();
    public OffsetDateTime raisedAt;
    public OffsetDateTime dueBy;
    public String acknowledgedBy;
    public OffsetDateTime acknowledgedAt;
    public OffsetDateTime escalatedAt;
    public String snoozeReason;
    public String snoozedBy;
    public OffsetDateTime closedAt;
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

    public List<String> reasons() {
        return reasons;
    }

    public void reasons(List<String> list) {
        reasons = List.copyOf(list);
    }
}
