package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only event streams with optimistic concurrency. Call inside a transaction
 * ({@code Panache.withTransaction}) together with the inbox and outbox writes.
 */
@ApplicationScoped
public class EventStore {

    /** The stream's events in version order (empty for a new stream). */
    public Uni<List<StoredEvent>> load(String streamId) {
        return StoredEvent.<StoredEvent>find("streamId = ?1 order by streamVersion", streamId).list();
    }

    /** Events of a stream up to and including {@code version}: the stream as it was then. */
    public Uni<List<StoredEvent>> loadUpTo(String streamId, long version) {
        return StoredEvent.<StoredEvent>find("streamId = ?1 and streamVersion <= ?2 order by streamVersion",
                streamId, version).list();
    }

    /**
     * Appends after {@code expectedVersion} (0 for a new stream). A concurrent writer that got
     * there first makes the commit fail on the unique (stream, version) constraint; see
     * {@link UniqueViolation} for the retry.
     */
    public Uni<List<StoredEvent>> append(String streamId, long expectedVersion, List<NewEvent> events) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<StoredEvent> rows = new ArrayList<>();
        long version = expectedVersion;
        for (NewEvent event : events) {
            StoredEvent row = new StoredEvent();
            row.streamId = streamId;
            row.streamVersion = ++version;
            row.eventId = event.eventId();
            row.eventType = event.type();
            row.schemaVersion = event.schemaVersion();
            row.payload = event.payload();
            row.metadata = event.metadata();
            row.recordedAt = now;
            rows.add(row);
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return StoredEvent.persist(rows).call(() -> Panache.getSession().chain(Mutiny.Session::flush)).replaceWith(rows);
    }
}
