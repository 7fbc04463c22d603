package io.threatloop.model.persistence;

import io.quarkus.arc.All;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.EventStore;
import io.threatloop.model.domain.ThreatModel;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rebuilds every {@link ModelProjection} from the event log in one transaction, so readers see
 * either the old or the new projections, never half-built ones.
 */
@ApplicationScoped
public class ProjectionRebuild {

    private static final Logger LOG = Logger.getLogger(ProjectionRebuild.class);

    @Inject
    EventStore eventStore;

    @Inject
    ModelEventStore store;

    @Inject
    @All
    List<ModelProjection> projections;

    @Inject
    Pool pool;

    /** The number of models rebuilt. */
    public Uni<Integer> rebuild() {
        long start = System.nanoTime();
        return pool.withTransaction(connection -> started(connection).chain(rebuilds -> store.applicationIds(connection)
                        .chain(ids -> Multi.createFrom().iterable(ids)
                                .onItem().transformToUniAndConcatenate(id -> rebuildModel(connection, id, rebuilds)
                                        .replaceWith(id))
                                .onItem().invoke(progress(ids.size()))
                                .collect().asList()
                                .call(() -> finish(rebuilds)))))
                .map(List::size)
                .invoke(count -> LOG.infof("rebuilt the projections of %d models from the event log in %d s", count,
                        (System.nanoTime() - start) / 1_000_000_000L));
    }

    /** Every projection emptied, each with its rebuild started. */
    private Uni<List<ModelProjection.Rebuild>> started(SqlClient client) {
        Uni<List<ModelProjection.Rebuild>> all = Uni.createFrom().item(new java.util.ArrayList<>());
        for (ModelProjection projection : projections) {
            all = all.chain(list -> projection.rebuild(client).map(rebuild -> {
                list.add(rebuild);
                return list;
            }));
        }
        return all;
    }

    private static Uni<Void> finish(List<ModelProjection.Rebuild> rebuilds) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (ModelProjection.Rebuild rebuild : rebuilds) {
            all = all.chain(rebuild::finish);
        }
        return all;
    }

    /** A log line every 1,000 models, so a long rebuild shows that it advances. */
    private static Consumer<String> progress(int total) {
        int[] done = {0};
        return id -> {
            if (++done[0] % 1000 == 0) {
                LOG.infof("rebuilding projections: %d of %d models", done[0], total);
            }
        };
    }

    private Uni<Void> rebuildModel(SqlClient client, String applicationId, List<ModelProjection.Rebuild> rebuilds) {
        return eventStore.load(client, ModelEventStore.streamId(applicationId)).chain(stored -> {
            List<ModelEvent> events = stored.stream().map(ModelEventStore::decode).toList();
            List<Instant> recordedAt = stored.stream().map(row -> row.recordedAt().toInstant()).toList();
            ThreatModel model = ThreatModel.replay(applicationId, events);
            Uni<Void> all = Uni.createFrom().voidItem();
            for (ModelProjection.Rebuild rebuild : rebuilds) {
                all = all.chain(() -> rebuild.add(model, events, recordedAt));
            }
            return all;
        });
    }
}
