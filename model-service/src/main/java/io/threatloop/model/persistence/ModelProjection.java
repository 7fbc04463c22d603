package io.threatloop.model.persistence;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.model.domain.ThreatModel;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.time.Instant;
import java.util.List;

/**
 * A read model kept from the models' events: brought up to date in the transaction that appends
 * them ({@link ModelEventStore#appendAll}), and rebuilt from the whole log by
 * {@link ProjectionRebuild}. Both iterate every projection, so adding one is adding a bean.
 */
interface ModelProjection {

    /**
     * Follows the events a transaction just appended, in the order they were decided (a model
     * may appear more than once): a few statements for all of them, not one per model or event, on
     * {@code client}, the appending transaction's connection.
     */
    Uni<Void> follow(SqlClient client, List<Appended> appended);

    /**
     * Deletes everything and returns the sink a rebuild feeds, model by model, in the transaction
     * of {@code client}.
     */
    Uni<Rebuild> rebuild(SqlClient client);

    /** Events appended to one model, recorded at {@code recordedAt}; {@code after} is its state after them. */
    record Appended(ThreatModel after, List<ModelEvent> events, Instant recordedAt) {
    }

    /** A rebuild in progress. */
    interface Rebuild {

        /** One model's whole history; {@code model} is its state at the end of it. */
        Uni<Void> add(ThreatModel model, List<ModelEvent> events, List<Instant> recordedAt);

        /** Writes whatever is pending. */
        Uni<Void> finish();
    }
}
