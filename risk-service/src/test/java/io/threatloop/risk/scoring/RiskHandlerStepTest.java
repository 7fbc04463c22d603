package io.threatloop.risk.scoring;

import io.threatloop.contracts.golden.GoldenEvents;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ThreatIdentified;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every model event type, from its golden fixture: risk-service knows what each asks of it. */
class RiskHandlerStepTest {

    @Test
    void everyModelEventTypeHasAStepOrIsIgnoredOnPurpose() {
        for (ModelEvent event : GoldenEvents.of(ModelEvent.class)) {
            RiskHandler.Step step = RiskHandler.stepFor(event);
            assertThat(step == RiskHandler.Step.NONE).as(event.getClass().getSimpleName())
                    .isEqualTo(RiskHandler.IGNORED.contains(event));
        }
        assertThat(GoldenEvents.of(ThreatIdentified.class)).singleElement()
                .satisfies(identified -> assertThat(RiskHandler.stepFor(identified)).isEqualTo(RiskHandler.Step.IDENTIFY));
    }
}
