package io.threatloop.model.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.EventStore;
import io.threatloop.model.domain.ThreatModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rebuilds the projections from the event log in one transaction, so readers see either the
 * old or the new projection, never a half-built one.
 */
@ApplicationScoped
public class ProjectionRebuild {

    private static final Logger LOG = Logger.getLogger(ProjectionRebuild.class);

    @Inject
    EventStore eventStore;

    @Inject
    ModelEventStore store;

    @Inject
    ModelSummaries summaries;

    @Inject
    RegisterProjection register;

    /** The number of models rebuilt. */
    public Uni<Integer> rebuild() {
        long start = System.nanoTime();
        return Panache.withTransaction(() -> summaries.deleteAll().chain(register::deleteAll)
                .chain(store::applicationIds)
                .chain(ids -> {
                    RegisterProjection.Rebuild rows = register.rebuild();
                    return Multi.createFrom().iterable(ids)
                            .onItem().transformToUniAndConcatenate(id -> rebuildModel(id, rows).replaceWith(id))
                            .onItem().invoke(progress(ids.size()))
                            .collect().asList()
                            .call(rows::flush);
                })
                .map(List::size)
                .invoke(count -> LOG.infof("rebuilt the projections of %d models from the event log in %d s", count,
                        (System.nanoTime() - start) / 1_000_000_000L)));
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

    private Uni<Void> rebuildModel(String applicationId, RegisterProjection.Rebuild rows) {
        return eventStore.load(ModelEventStore.streamId(applicationId)).chain(stored -> {
            List<ModelEvent> events = stored.stream().map(ModelEventStore::decode).toList();
            List<Instant> recordedAt = stored.stream().map(row -> row.recordedAt.toInstant()).toList();
            return summaries.update(ThreatModel.replay(applicationId, events), events,
                            recordedAt.get(recordedAt.size() - 1))
                    .chain(() -> rows.add(applicationId, events, recordedAt))
                    // one transaction over every stream: keep only one stream's events in the session at a time
                    .call(() -> Panache.getSession().invoke(org.hibernate.reactive.mutiny.Mutiny.Session::clear));
        });
    }
}
