package io.threatloop.notifier.delivery;

import io.threatloop.contracts.review.ReviewTaskClosed;
import io.threatloop.contracts.review.ReviewTaskEscalated;
import io.threatloop.contracts.review.ReviewTaskEvent;
import io.threatloop.contracts.review.ReviewTaskRaised;

import java.util.List;

/** What a person reads about a task transition: a one-line title and a body, for every channel. */
public record TaskMessage(String title, String body) {

    /** Transitions people are told about; acknowledging and snoozing were done by a person. */
    public static boolean announced(ReviewTaskEvent event) {
        return event instanceof ReviewTaskRaised || event instanceof ReviewTaskEscalated
                || event instanceof ReviewTaskClosed;
    }

    public static TaskMessage of(ReviewTaskEvent event) {
        if (event instanceof ReviewTaskRaised raised) {
            return new TaskMessage("Threat model review needed: " + raised.applicationId() + " (due "
                    + raised.dueBy().toString().substring(0, 10) + ")", reasons(raised.reasons())
                    + "\nReview the model, then record the review: POST /api/models/" + raised.applicationId()
                    + "/reviews (task " + raised.taskId() + ").");
        }
        if (event instanceof ReviewTaskEscalated escalated) {
            return new TaskMessage("Overdue threat model review: " + escalated.applicationId() + " (was due "
                    + escalated.dueBy().toString().substring(0, 10) + ")", reasons(escalated.reasons())
                    + "\nThe review is past its deadline (task " + escalated.taskId() + ").");
        }
        if (event instanceof ReviewTaskClosed closed) {
            return new TaskMessage("Threat model reviewed: " + closed.applicationId(),
                    "Task " + closed.taskId() + " done: " + closed.reason());
        }
        return new TaskMessage(event.getClass().getSimpleName() + ": " + event.applicationId(), "task " + event.taskId());
    }

    /** One message for a team's transitions since the last digest. */
    public static TaskMessage digest(String team, List<ReviewTaskEvent> events) {
        StringBuilder body = new StringBuilder();
        events.forEach(event -> body.append(body.isEmpty() ? "" : "\n").append("- ").append(of(event).title()));
        return new TaskMessage("threatloop daily digest for " + team + ": " + events.size()
                + " review task update" + (events.size() == 1 ? "" : "s"), body.toString());
    }

    private static String reasons(List<String> reasons) {
        StringBuilder text = new StringBuilder("Why:");
        reasons.forEach(reason -> text.append("\n- ").append(reason));
        return text.toString();
    }
}
