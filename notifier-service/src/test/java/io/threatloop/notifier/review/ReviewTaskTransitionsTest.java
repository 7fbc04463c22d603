package io.threatloop.notifier.review;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lifecycle of a review task, in the one place that sets its status. */
class ReviewTaskTransitionsTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    private static ReviewTask raised() {
        return ReviewTask.raise("payments", "team-a", List.of("never reviewed"), NOW, Duration.ofDays(14));
    }

    @Test
    void aRaisedTaskIsOpenAndDueWithinItsTime() {
        ReviewTask task = raised();
        assertThat(task.status).isEqualTo(ReviewTask.OPEN);
        assertThat(task.dueBy).isEqualTo(NOW.plusDays(14));
        assertThat(task.reasons()).containsExactly("never reviewed");
        assertThat(task.taskId).isNotBlank();
    }

    @Test
    void acknowledgingTakesItOnOnce() {
        ReviewTask task = raised();
        assertThat(task.acknowledge("pat", NOW)).isTrue();
        assertThat(task.status).isEqualTo(ReviewTask.ACKNOWLEDGED);
        assertThat(task.acknowledge("vic", NOW.plusHours(1))).as("a second time changes nothing").isFalse();
        assertThat(task.acknowledgedBy).isEqualTo("pat");
    }

    @Test
    void anEscalatedTaskStaysEscalatedWhenAcknowledgedAndSnoozingTakesItBack() {
        ReviewTask open = raised();
        open.escalate(NOW.plusDays(15));
        assertThat(open.status).isEqualTo(ReviewTask.ESCALATED);
        open.snooze(NOW.plusDays(30), "release freeze", "pat");
        assertThat(open.status).as("snoozed before anyone took it on").isEqualTo(ReviewTask.OPEN);
        assertThat(open.dueBy).isEqualTo(NOW.plusDays(30));

        ReviewTask acknowledged = raised();
        acknowledged.escalate(NOW.plusDays(15));
        assertThat(acknowledged.acknowledge("pat", NOW.plusDays(16))).isTrue();
        assertThat(acknowledged.status).isEqualTo(ReviewTask.ESCALATED);
        acknowledged.snooze(NOW.plusDays(30), "release freeze", "pat");
        assertThat(acknowledged.status).isEqualTo(ReviewTask.ACKNOWLEDGED);
    }

    @Test
    void aDoneTaskChangesNoMore() {
        ReviewTask task = raised();
        task.close("reviewed by pat", NOW.plusDays(2));
        assertThat(task.isDone()).isTrue();
        assertThat(task.closedReason).isEqualTo("reviewed by pat");
        assertThatThrownBy(() -> task.acknowledge("vic", NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> task.snooze(NOW.plusDays(9), "later", "vic")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> task.escalate(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> task.close("again", NOW)).isInstanceOf(IllegalStateException.class);
    }
}
