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

    /** Events of a stream after {@code version}, in version order: what to replay on top of a snapshot. */
    public Uni<List<StoredEvent>> loadAfter(String streamId, long version) {
        return StoredEvent.<StoredEvent>find("streamId = ?1 and streamVersion > ?2 order by streamVersion",
                streamId, version).list();
    }

    /** Events of a stream recorded at or before {@code time}: the stream as it was then. */
    public Uni<List<StoredEvent>> loadUntil(String streamId, OffsetDateTime time) {
        return StoredEvent.<StoredEvent>find("streamId = ?1 and recordedAt <= ?2 order by streamVersion",
                streamId, time).list();
    }

    /** At most {@code limit} events of a stream after {@code afterVersion}, in version order. */
    public Uni<List<StoredEvent>> page(String streamId, long afterVersion, int limit) {
        return StoredEvent.<StoredEvent>find("streamId = ?1 and streamVersion > ?2 order by streamVersion",
                streamId, afterVersion).range(0, limit - 1).list();
    }

    /** The ids of the streams whose id starts with {@code prefix}, sorted. */
    public Uni<List<String>> streamIds(String prefix) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select distinct streamId from StoredEvent where streamId like ?1 order by streamId",
                        String.class)
                .setParameter(1, prefix.replace("%", "\\%").replace("_", "\\_") + "%")
                .getResultList());
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
