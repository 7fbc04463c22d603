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
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    @Inject
    ModelStates modelStates;

    @Inject
    ReviewTasks reviewTasks;

    /**
     * A batch of model and risk events in one transaction: the policy read once, the batch's
     * models' states and unfinished tasks read with a statement each and written back with one,
     * each model's events applied in their order, the tasks they changed written back with one
     * statement. The two consumers (model and risk events) lock the same rows in the same (id)
     * order, so they wait for each other instead of deadlocking. On a connection of the reactive
     * pool, without the ORM: a session's own work around each statement was most of the cost.
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
        return exactlyOnce.processAllOnConnection(CONSUMER, relevant, (connection, fresh) -> policies.inForce(connection)
                .chain(policy -> {
                    List<Envelope<? extends EventData>> byModel = new ArrayList<>(fresh);
                    byModel.sort(Comparator.comparing(event -> event.data().applicationId())); // stable: order per model kept
                    Set<String> models = new TreeSet<>();
                    byModel.forEach(event -> models.add(event.data().applicationId()));
                    return modelStates.locked(connection, models).chain(states -> reviewTasks.unfinishedFor(connection, models)
                            .chain(open -> {
                                Models batchModels = new Models(connection, states, open, policy);
                                return ExactlyOnce.inOrder(byModel, event -> tracing.hop("notifier-service review", event,
                                                traceparent -> batchModels.apply(event.withTraceparent(traceparent))))
                                        .chain(() -> reviewTasks.update(connection, batchModels.changed))
                                        .chain(() -> modelStates.save(connection, states.values()));
                            }));
                }));
    }

    /** A batch's models: their states and unfinished tasks, kept current event by event. */
    private final class Models {
        private final SqlClient connection;
        private final Map<String, ModelReviewState> states;
        private final Map<String, ReviewTask> open;
        private final StalenessPolicy policy;
        /** Tasks whose transitions are to be written back at the end (tasks compare by identity). */
        private final Set<ReviewTask> changed = new LinkedHashSet<>();

        Models(SqlClient connection, Map<String, ModelReviewState> states, Map<String, ReviewTask> open,
               StalenessPolicy policy) {
            this.connection = connection;
            this.states = states;
            this.open = open;
            this.policy = policy;
        }

        Uni<Void> apply(Envelope<? extends EventData> event) {
            String app = event.data().applicationId();
            ModelReviewState before = states.get(app);
            ModelReviewState after = before.apply(event.data(), event.time());
            states.put(app, after);
            if (event.data() instanceof OwnerTeamAssigned assigned) {
                ReviewTask task = open.get(app);
                if (task != null) { // written back at the end: it must not write the old team back
                    task.team = assigned.team();
                }
                return reviewTasks.assignTeam(connection, app, assigned.team());
            }
            if (event.data() instanceof ModelReviewed reviewed) {
                ReviewTask task = open.remove(app);
                if (task != null) {
                    changed.add(task);
                }
                return close(connection, event, task, reviewed);
            }
            List<String> reasons = policy.driftReasons(before, after, event.data());
            if (reasons.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            ReviewTask task = open.get(app);
            if (task == null) {
                return raiseAll(connection, event, List.of(new Raise(after, reasons, policy.reviewWithin(after))))
                        .invoke(raised -> open.put(app, raised.get(0))).replaceWithVoid();
            }
            List<String> joined = new ArrayList<>(task.reasons());
            reasons.stream().filter(r -> !joined.contains(r)).forEach(joined::add);
            task.reasons(joined);
            changed.add(task);
            return Uni.createFrom().voidItem();
        }
    }

    /** A task to raise for a model without an unfinished one. */
    record Raise(ModelReviewState model, List<String> reasons, Duration within) {
    }

    /**
     * Raises tasks for models known to have no unfinished task, their events and deliveries
     * written a statement per kind, however many (a schedule run raises thousands at once).
     */
    Uni<List<ReviewTask>> raiseAll(SqlClient client, Envelope<?> cause, List<Raise> raises) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<ReviewTask> raised = new ArrayList<>();
        List<ReviewTaskEvent> events = new ArrayList<>();
        List<String> teams = new ArrayList<>();
        for (Raise raise : raises) {
            ReviewTask task = ReviewTask.raise(raise.model().applicationId(), raise.model().team(), raise.reasons(),
                    now, raise.within());
            raised.add(task);
            events.add(new ReviewTaskRaised(task.applicationId, task.taskId, task.reasons(), task.dueBy.toInstant()));
            teams.add(task.team);
            if (raises.size() == 1) { // a schedule run sums up its thousands instead
                LOG.infof("review task %s raised for model '%s' (team %s): %s; due %s", task.taskId,
                        task.applicationId, task.team, String.join("; ", raise.reasons()), task.dueBy);
            }
        }
        return reviewTasks.insert(client, raised).chain(() -> publishAll(client, cause, events, teams)).replaceWith(raised);
    }

    private Uni<Void> close(SqlClient client, Envelope<?> cause, ReviewTask task, ModelReviewed reviewed) {
        if (task == null) {
            return Uni.createFrom().voidItem();
        }
        task.close("reviewed by " + reviewed.reviewedBy()
                + (reviewed.notes() == null || reviewed.notes().isBlank() ? "" : ": " + reviewed.notes()),
                OffsetDateTime.now(ZoneOffset.UTC));
        return publish(client, cause, new ReviewTaskClosed(task.applicationId, task.taskId, task.closedReason), task.team)
                .invoke(() -> LOG.infof("review task %s of model '%s' done: %s", task.taskId, task.applicationId,
                        task.closedReason));
    }

    /**
     * Publishes a task transition caused by {@code cause} (null: by a person or the schedule) and
     * records its deliveries to the channels of {@code team}, in the caller's transaction.
     */
    Uni<Void> publish(SqlClient client, Envelope<?> cause, ReviewTaskEvent transition, String team) {
        return publishAll(client, cause, List.of(transition), Collections.singletonList(team));
    }

    /** {@link #publish} of many transitions ({@code teams} in the same order): a statement per kind, however many. */
    Uni<Void> publishAll(SqlClient client, Envelope<?> cause, List<? extends ReviewTaskEvent> transitions,
                         List<String> teams) {
        List<Envelope<ReviewTaskEvent>> envelopes = transitions.stream()
                .map(transition -> envelope(cause, transition)).toList();
        return outbox.enqueue(client, Outbox.encode(envelopes))
                .chain(() -> deliveries.enqueueAll(client, envelopes, teams));
    }

    private static Envelope<ReviewTaskEvent> envelope(Envelope<?> cause, ReviewTaskEvent transition) {
        String id = UUID.randomUUID().toString();
        return cause == null
                ? Envelope.of(id, SOURCE, Instant.now(), null, transition.taskId(), transition)
                : Envelope.causedBy(cause, id, SOURCE, Instant.now(), transition);
    }
}
