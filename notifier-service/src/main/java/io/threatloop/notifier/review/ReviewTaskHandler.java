package io.threatloop.notifier.review;

import io.smallrye.mutiny.Uni;
import io.threatloop.api.tracing.EventTracing;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventData;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.review.ReviewTaskClosed;
import io.threatloop.contracts.review.ReviewTaskEvent;
import io.threatloop.contracts.review.ReviewTaskRaised;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.eventstore.ExactlyOnce;
import io.threatloop.eventstore.Outbox;
import io.threatloop.notifier.delivery.Deliveries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Keeps each model's {@link ModelReviewState} from its events, raises a review task when the
 * staleness policy finds a reason (new reasons join the model's unfinished task), and closes the
 * task when the model is reviewed. Exactly once per incoming event, a poll's events in one
 * transaction; every transition published on {@code review-tasks} through the outbox.
 */
@ApplicationScoped
public class ReviewTaskHandler {

    static final String CONSUMER = "notifier-service";
    static final String SOURCE = "/threatloop/notifier-service";
    private static final Logger LOG = Logger.getLogger(ReviewTaskHandler.class);

    @Inject
    ExactlyOnce exactlyOnce;

    @Inject
    Outbox outbox;

    @Inject
    StalenessPolicies policies;

    @Inject
    EventTracing tracing;

    @Inject
    Deliveries deliveries;

    /**
     * A batch of model and risk events in one transaction: the policy read once, each model's
     * events applied in their order, models taken in id order so that the two consumers (model
     * and risk events) lock the same rows in the same order instead of deadlocking.
     */
    public Uni<Void> handleAll(List<? extends Envelope<? extends EventData>> batch) {
        List<Envelope<? extends EventData>> relevant = new ArrayList<>();
        for (Envelope<? extends EventData> event : batch) {
            if (event.data() instanceof ModelEvent || event.data() instanceof RiskChanged) {
                relevant.add(event);
            }
        }
        if (relevant.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return exactlyOnce.processAll(CONSUMER, relevant, fresh -> policies.inForce().chain(policy -> {
            List<Envelope<? extends EventData>> byModel = new ArrayList<>(fresh);
            byModel.sort(java.util.Comparator.comparing(event -> event.data().applicationId())); // stable: order per model kept
            return ExactlyOnce.inOrder(byModel, event -> tracing.hop("notifier-service review", event,
                    traceparent -> apply(event.withTraceparent(traceparent), policy)));
        }));
    }

    private Uni<Void> apply(Envelope<? extends EventData> event, StalenessPolicy policy) {
        String app = event.data().applicationId();
        // locked: the model and the risk streams are consumed concurrently
        return ModelStateRow.locked(app).chain(row -> {
            ModelReviewState before = row.state();
            ModelReviewState after = before.apply(event.data(), event.time());
            ModelStateRow saved = row.state(after);
            Uni<Void> next = saved.persist().replaceWithVoid();
            if (event.data() instanceof OwnerTeamAssigned assigned) {
                // a task belongs to whoever owns its model now, raised before or after
                next = next.chain(() -> ReviewTask.update("team = ?1 where applicationId = ?2",
                        assigned.team(), app)).replaceWithVoid();
            }
            if (event.data() instanceof ModelReviewed reviewed) {
                return next.chain(() -> close(event, reviewed));
            }
            List<String> reasons = policy.driftReasons(before, after, event.data());
            return reasons.isEmpty() ? next
                    : next.chain(() -> raiseOrJoin(event, after, reasons, policy.reviewWithin(after)));
        });
    }

    /** A task to raise for a model without an unfinished one. */
    record Raise(ModelReviewState model, List<String> reasons, Duration within) {
    }

    /** Raises a task for the reasons, or adds the new ones to the model's unfinished task. */
    Uni<Void> raiseOrJoin(Envelope<?> cause, ModelReviewState model, List<String> reasons, Duration within) {
        return ReviewTask.unfinishedFor(model.applicationId()).chain(open -> {
            if (open == null) {
                return raiseAll(cause, List.of(new Raise(model, reasons, within)));
            }
            List<String> joined = new ArrayList<>(open.reasons());
            reasons.stream().filter(r -> !joined.contains(r)).forEach(joined::add);
            open.reasons(joined);
            return open.persist().replaceWithVoid();
        });
    }

    /**
     * Raises tasks for models known to have no unfinished task, their events and deliveries
     * written a statement per kind, however many (a schedule run raises thousands at once).
     */
    Uni<Void> raiseAll(Envelope<?> cause, List<Raise> raises) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<ReviewTask> raised = new ArrayList<>();
        List<Envelope<ReviewTaskEvent>> events = new ArrayList<>();
        List<String> teams = new ArrayList<>();
        for (Raise raise : raises) {
            ReviewTask task = ReviewTask.raise(raise.model().applicationId(), raise.model().team(), raise.reasons(),
                    now, raise.within());
            raised.add(task);
            events.add(envelope(cause, new ReviewTaskRaised(task.applicationId, task.taskId, task.reasons(),
                    task.dueBy.toInstant())));
            teams.add(task.team);
            if (raises.size() == 1) { // a schedule run sums up its thousands instead
                LOG.infof("review task %s raised for model '%s' (team %s): %s; due %s", task.taskId,
                        task.applicationId, task.team, String.join("; ", raise.reasons()), task.dueBy);
            }
        }
        return ReviewTask.persist(raised)
                .chain(() -> outbox.enqueue(events))
                .chain(() -> deliveries.enqueueAll(events, teams));
    }

    private Uni<Void> close(Envelope<?> cause, ModelReviewed reviewed) {
        return ReviewTask.unfinishedFor(reviewed.applicationId()).chain(task -> {
            if (task == null) {
                return Uni.createFrom().voidItem();
            }
            task.close("reviewed by " + reviewed.reviewedBy()
                    + (reviewed.notes() == null || reviewed.notes().isBlank() ? "" : ": " + reviewed.notes()),
                    OffsetDateTime.now(ZoneOffset.UTC));
            return task.persist()
                    .chain(() -> publish(cause, new ReviewTaskClosed(task.applicationId, task.taskId, task.closedReason),
                            task.team))
                    .invoke(() -> LOG.infof("review task %s of model '%s' done: %s", task.taskId, task.applicationId,
                            task.closedReason));
        });
    }

    /**
     * Publishes a task transition caused by {@code cause} (null: by a person or the schedule) and
     * records its deliveries to the channels of {@code team}, in the caller's transaction.
     */
    Uni<Void> publish(Envelope<?> cause, ReviewTaskEvent transition, String team) {
        Envelope<ReviewTaskEvent> envelope = envelope(cause, transition);
        return outbox.enqueue(List.of(envelope)).chain(() -> deliveries.enqueue(envelope, team));
    }

    private static Envelope<ReviewTaskEvent> envelope(Envelope<?> cause, ReviewTaskEvent transition) {
        String id = UUID.randomUUID().toString();
        return cause == null
                ? Envelope.of(id, SOURCE, Instant.now(), null, transition.taskId(), transition)
                : Envelope.causedBy(cause, id, SOURCE, Instant.now(), transition);
    }
}
