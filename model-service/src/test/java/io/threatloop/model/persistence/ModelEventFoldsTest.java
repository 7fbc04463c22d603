package io.threatloop.model.persistence;

import io.threatloop.contracts.IgnoredEvents;
import io.threatloop.contracts.golden.GoldenEvents;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.model.domain.ThreatModel;
import io.threatloop.model.view.ModelProjector;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every model event type, from its golden fixture, through every fold of model-service: each
 * handles it or lists it among what it ignores ({@link IgnoredEvents}); a type a fold was never
 * taught fails here, not silently in production.
 */
class ModelEventFoldsTest {

    private static final List<ModelEvent> EVERY_TYPE = GoldenEvents.of(ModelEvent.class);

    @Test
    void theGoldenEventsCoverEveryModelEventType() {
        List<String> types = EVERY_TYPE.stream().map(e -> e.getClass().getName()).toList();
        assertThat(types).containsExactlyInAnyOrder(java.util.Arrays.stream(ModelEvent.class.getPermittedSubclasses())
                .map(Class::getName).toArray(String[]::new));
    }

    @Test
    void theAggregateFoldsOrIgnoresEveryType() {
        everyType(event -> ThreatModel.empty(event.applicationId()).apply(event));
    }

    @Test
    void theViewFoldsOrIgnoresEveryType() {
        everyType(event -> new ModelProjector(event.applicationId()).apply(event, Instant.EPOCH));
    }

    @Test
    void theRegisterRowsAndTheSummaryFoldOrIgnoreEveryType() {
        everyType(event -> RegisterChange.of(event, Instant.EPOCH));
        everyType(event -> ModelSummaries.lastReviewedAt(List.of(event)));
    }

    private static void everyType(Consumer<ModelEvent> fold) {
        for (ModelEvent event : EVERY_TYPE) {
            assertThatCode(() -> fold.accept(event)).as(event.getClass().getSimpleName())
                    .doesNotThrowAnyException();
        }
    }
}
