package io.threatloop.notifier.review;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventData;
import io.threatloop.contracts.review.ReviewTaskRaised;
import io.threatloop.eventstore.ExactlyOnce;
import io.threatloop.eventstore.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Raises a review task when the staleness policy says a model needs one; a new reason joins
 * the model's open task instead of raising a second one. Exactly once per incoming event.
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

    public Uni<Void> handle(Envelope<? extends EventData> event) {
        Optional<String> reason = StalenessPolicy.reviewReason(event.data());
        if (reason.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return exactlyOnce.process(CONSUMER, event.id(), () -> ReviewTask.openFor(event.data().applicationId())
                        .chain(open -> open == null ? raise(event, reason.get()) : join(open, reason.get())))
                .replaceWithVoid();
    }

    private Uni<Boolean> raise(Envelope<? extends EventData> cause, String reason) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ReviewTask task = new ReviewTask();
        task.taskId = UUID.randomUUID().toString();
        task.applicationId = cause.data().applicationId();
        task.status = ReviewTask.OPEN;
        task.reasons(List.of(reason));
        task.raisedAt = now;
        task.dueBy = now.plus(StalenessPolicy.reviewWithin(cause.data()));
        ReviewTaskRaised raised = new ReviewTaskRaised(task.applicationId, task.taskId, task.reasons(),
                task.dueBy.toInstant());
        return task.persist()
                .chain(() -> outbox.enqueue(List.of(Envelope.causedBy(cause, UUID.randomUUID().toString(), SOURCE,
                        Instant.now(), raised))))
                .invoke(() -> LOG.infof("review task %s raised for model '%s': %s (due %s)", task.taskId,
                        task.applicationId, reason, task.dueBy))
                .replaceWith(true);
    }

    private Uni<Boolean> join(ReviewTask open, String reason) {
        if (open.reasons().contains(reason)) {
            return Uni.createFrom().item(false);
        }
        List<String> reasons = new ArrayList<>(open.reasons());
        reasons.add(reason);
        open.reasons(reasons);
        return open.persist().replaceWith(false);
    }
}
