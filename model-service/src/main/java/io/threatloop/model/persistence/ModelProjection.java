package io.threatloop.model.persistence;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.model.domain.ThreatModel;

import java.time.Instant;
import java.util.List;

/**
 * A read model kept from the models' events: brought up to date in the transaction that appends
 * them ({@link ModelEventStore#append}), and rebuilt from the whole log by
 * {@link ProjectionRebuild}. Both iterate every projection, so adding one is adding a bean.
 */
interface ModelProjection {

    /** Follows events just appended to one model; {@code after} is the model's state after them. */
    Uni<Void> follow(ThreatModel after, List<ModelEvent> events, Instant recordedAt);

    /** Deletes everything and returns the sink a rebuild feeds, model by model, in one transaction. */
    Uni<Rebuild> rebuild();

    /** A rebuild in progress. */
    interface Rebuild {

        /** One model's whole history; {@code model} is its state at the end of it. */
        Uni<Void> add(ThreatModel model, List<ModelEvent> events, List<Instant> recordedAt);

        /** Writes whatever is pending. */
        Uni<Void> finish();
    }
}
