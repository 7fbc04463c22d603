package io.threatloop.model.persistence;

import io.smallrye.mutiny.Uni;
import io.threatloop.eventstore.EventStore;
import io.threatloop.eventstore.StoredEvent;
import io.threatloop.model.view.ModelProjector;
import io.threatloop.model.view.ModelView;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** A model's past, read from its stream: the model as it was (time travel) and its history page by page. */
@ApplicationScoped
public class ModelHistory {

    @Inject
    EventStore eventStore;

    @Inject
    Pool pool;

    /**
     * The model as it was at {@code version} (when given) or at {@code time} (when given), else
     * now; empty when the application had no model then.
     */
    public Uni<Optional<ModelView>> view(String applicationId, Long version, Instant time) {
        String stream = ModelEventStore.streamId(applicationId);
        Uni<List<StoredEvent>> rows = version != null ? eventStore.loadUpTo(pool, stream, version)
                : time != null ? eventStore.loadUntil(pool, stream, time.atOffset(ZoneOffset.UTC))
                : eventStore.load(pool, stream);
        Instant asOf = time != null ? time : Instant.now();
        return rows.map(events -> {
            if (events.isEmpty()) {
                return Optional.empty();
            }
            ModelProjector projector = new ModelProjector(applicationId);
            events.forEach(row -> projector.apply(ModelEventStore.decode(row), row.recordedAt().toInstant()));
            return Optional.of(projector.view(asOf));
        });
    }

    /** A page of the model's history after {@code afterVersion}. */
    public Uni<List<RecordedModelEvent>> page(String applicationId, long afterVersion, int limit) {
        return eventStore.page(pool, ModelEventStore.streamId(applicationId), afterVersion, limit)
                .map(rows -> rows.stream().map(row -> new RecordedModelEvent(row, ModelEventStore.decode(row))).toList());
    }
}
