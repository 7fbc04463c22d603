package io.threatloop.notifier.review;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request that a person reviews one threat model: OPEN -> ACKNOWLEDGED -> DONE (closed by the
 * model's review), ESCALATED once its deadline passes. At most one unfinished task per model.
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

    @SuppressWarnings("unchecked")
    public List<String> reasons() {
        return reasons == null ? List.of() : List.copyOf((List<String>) reasons.getOrDefault("reasons", List.of()));
    }

    public void reasons(List<String> list) {
        reasons = Map.of("reasons", List.copyOf(list));
    }

    /** The model's unfinished task, if any. */
    public static Uni<ReviewTask> unfinishedFor(String applicationId) {
        return find("applicationId = ?1 and status <> ?2", applicationId, DONE).firstResult();
    }
}
