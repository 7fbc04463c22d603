package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Append-only event streams with optimistic concurrency. Call inside a transaction
 * ({@code Panache.withTransaction}) together with the inbox and outbox writes.
 */
@ApplicationScoped
public class EventStore {

    /** The stream's events in version order (empty for a new stream). */
    public Uni<List<StoredEvent>> load(String streamId) {
        return events("streamId = ?1", 0, streamId);
    }

    /** Events of a stream up to and including {@code version}: the stream as it was then. */
    public Uni<List<StoredEvent>> loadUpTo(String streamId, long version) {
        return events("streamId = ?1 and streamVersion <= ?2", 0, streamId, version);
    }

    /** Events of a stream after {@code version}, in version order: what to replay on top of a snapshot. */
    public Uni<List<StoredEvent>> loadAfter(String streamId, long version) {
        return events("streamId = ?1 and streamVersion > ?2", 0, streamId, version);
    }

    /**
     * The events after a version of each of several streams, in one statement: what a batch
     * needs on top of the states it holds. Every stream asked for is in the result.
     */
    public Uni<Map<String, List<StoredEvent>>> loadAfter(Map<String, Long> afterVersions) {
        Map<String, List<StoredEvent>> byStream = new LinkedHashMap<>();
        afterVersions.keySet().forEach(stream -> byStream.put(stream, new ArrayList<>()));
        if (afterVersions.isEmpty()) {
            return Uni.createFrom().item(byStream);
        }
        StringBuilder where = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        afterVersions.forEach((stream, version) -> {
            where.append(where.isEmpty() ? "" : " or ").append("(streamId = ?").append(parameters.size() + 1)
                    .append(" and streamVersion > ?").append(parameters.size() + 2).append(')');
            parameters.add(stream);
            parameters.add(version);
        });
        return events(where.toString(), 0, parameters.toArray()).map(rows -> {
            rows.forEach(row -> byStream.get(row.streamId).add(row));
            return byStream;
        });
    }

    /** Events of a stream recorded at or before {@code time}: the stream as it was then. */
    public Uni<List<StoredEvent>> loadUntil(String streamId, OffsetDateTime time) {
        return events("streamId = ?1 and recordedAt <= ?2", 0, streamId, time);
    }

    /** At most {@code limit} events of a stream after {@code afterVersion}, in version order. */
    public Uni<List<StoredEvent>> page(String streamId, long afterVersion, int limit) {
        return events("streamId = ?1 and streamVersion > ?2", limit, streamId, afterVersion);
    }

    /**
     * Events in version order, read-only: they never change once appended, so Hibernate keeps no
     * copy of their JSON to compare, and the flush before each later statement of the transaction
     * skips them (comparing every loaded event's payload was a fifth of model-service's CPU).
     */
    private static Uni<List<StoredEvent>> events(String where, int limit, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createSelectionQuery("from StoredEvent where " + where + " order by streamVersion",
                    StoredEvent.class).setReadOnly(true);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            if (limit > 0) {
                query.setMaxResults(limit);
            }
            return query.getResultList();
        });
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
        return appendAll(List.of(new Append(streamId, expectedVersion, events))).map(stored -> stored.get(0));
    }

    /** Events to append to a stream after {@code expectedVersion}. */
    public record Append(String streamId, long expectedVersion, List<NewEvent> events) {
    }

    /**
     * {@link #append} for several streams (or one stream several times, each after the one before)
     * with one INSERT; returns the rows of each append, in order.
     */
    public Uni<List<List<StoredEvent>>> appendAll(List<Append> appends) {
        // micros: what PostgreSQL keeps, so the rows returned equal the rows read back later
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<List<StoredEvent>> stored = new ArrayList<>();
        List<StoredEvent> rows = new ArrayList<>();
        for (Append append : appends) {
            List<StoredEvent> ofAppend = new ArrayList<>();
            long version = append.expectedVersion();
            for (NewEvent event : append.events()) {
                StoredEvent row = new StoredEvent();
                row.streamId = append.streamId();
                row.streamVersion = ++version;
                row.eventId = event.eventId();
                row.eventType = event.type();
                row.schemaVersion = event.schemaVersion();
                row.payload = event.payload();
                row.metadata = event.metadata();
                row.recordedAt = now;
                ofAppend.add(row);
            }
            stored.add(ofAppend);
            rows.addAll(ofAppend);
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(stored);
        }
        // multi-row INSERTs instead of managed entities: the log is append-only and never read back
        // through the session that wrote it, so entity tracking only cost time (see BENCHMARKS.md)
        Uni<Void> written = Uni.createFrom().voidItem();
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<StoredEvent> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            written = written.chain(() -> insert(chunk));
        }
        return written.replaceWith(stored);
    }

    /**
     * Rows per INSERT: PostgreSQL's protocol takes at most 65,535 parameters a statement, eight a
     * row here (the first observation of a 5,000-operation API appends about 20,000 events).
     */
    static final int ROWS_PER_INSERT = 8_000;

    private static Uni<Void> insert(List<StoredEvent> rows) {
        StringBuilder sql = new StringBuilder("insert into events (stream_id, stream_version, event_id, event_type,"
                + " schema_version, payload, metadata, recorded_at) values ");
        for (int i = 0; i < rows.size(); i++) {
            int p = i * 8;
            sql.append(i == 0 ? "" : ", ").append("(?").append(p + 1).append(", ?").append(p + 2).append(", ?")
                    .append(p + 3).append(", ?").append(p + 4).append(", ?").append(p + 5)
                    .append(", cast(cast(?").append(p + 6).append(" as text) as jsonb), cast(cast(?").append(p + 7)
                    .append(" as text) as jsonb), ?").append(p + 8).append(")");
        }
        return Panache.getSession().chain(session -> {
            var insert = session.createNativeQuery(sql.toString());
            for (int i = 0; i < rows.size(); i++) {
                StoredEvent row = rows.get(i);
                int p = i * 8;
                insert.setParameter(p + 1, row.streamId);
                insert.setParameter(p + 2, row.streamVersion);
                insert.setParameter(p + 3, row.eventId);
                insert.setParameter(p + 4, row.eventType);
                insert.setParameter(p + 5, row.schemaVersion);
                insert.setParameter(p + 6, json(row.payload));
                insert.setParameter(p + 7, json(row.metadata));
                insert.setParameter(p + 8, row.recordedAt);
            }
            return insert.executeUpdate();
        }).replaceWithVoid();
    }

    private static String json(Map<String, Object> value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("event payload is not serializable: " + e.getOriginalMessage(), e);
        }
    }
}
