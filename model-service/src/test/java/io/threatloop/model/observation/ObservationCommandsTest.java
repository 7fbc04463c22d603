package io.threatloop.model.observation;

import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventData;
import io.threatloop.contracts.golden.GoldenEvents;
import io.threatloop.contracts.observation.ObservationEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every observation type, from its golden fixture, becomes a command for its model. */
class ObservationCommandsTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyObservationTypeBecomesACommand() {
        List<Envelope<EventData>> observations = GoldenEvents.current().stream()
                .filter(e -> e.data() instanceof ObservationEvent).toList();
        assertThat(observations).hasSize(ObservationEvent.class.getPermittedSubclasses().length);
        for (Envelope<EventData> observation : observations) {
            var command = ObservationHandler.commandFor((Envelope<ObservationEvent>) (Envelope<?>) observation);
            assertThat(command.applicationId()).as(observation.type()).isEqualTo(observation.data().applicationId());
        }
    }
}
