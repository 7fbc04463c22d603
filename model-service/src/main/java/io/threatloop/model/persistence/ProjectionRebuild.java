package io.threatloop.model.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.EventStore;
import io.threatloop.eventstore.StoredEvent;
import io.threatloop.model.domain.ThreatModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

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
        return Panache.withTransaction(() -> summaries.deleteAll().chain(register::deleteAll)
                .chain(store::applicationIds)
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> rebuildModel(id).replaceWith(id))
                        .collect().asList())
                .map(List::size)
                .invoke(count -> LOG.infof("rebuilt the projections of %d models from the event log", count)));
    }

    /** Each event into the register with the time it was recorded, as when it was appended. */
    private Uni<Void> replay(String applicationId, List<StoredEvent> rows, List<ModelEvent> events) {
        return Multi.createFrom().range(0, rows.size())
                .onItem().transformToUniAndConcatenate(i -> register.apply(applicationId, List.of(events.get(i)),
                        rows.get(i).recordedAt.toInstant()).replaceWith(i))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> rebuildModel(String applicationId) {
        return eventStore.load(ModelEventStore.streamId(applicationId)).chain(rows -> {
            List<ModelEvent> events = rows.stream().map(ModelEventStore::decode).toList();
            StoredEvent last = rows.get(rows.size() - 1);
            return summaries.update(ThreatModel.replay(applicationId, events), events, last.recordedAt.toInstant())
                    .chain(() -> replay(applicationId, rows, events))
                    // one transaction over every stream: keep only one stream's events in the session at a time
                    .call(() -> Panache.getSession().invoke(org.hibernate.reactive.mutiny.Mutiny.Session::clear));
        });
    }
}
