package io.threatloop.eventstore;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.EventCodec;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Append-only event streams with optimistic concurrency, on the reactive SQL client without the
 * ORM (a session's work around each statement was a third of a small transaction's cost, see
 * BENCHMARKS.md). {@code client} is the pool for a read, or the connection of the transaction that
 * also writes the inbox and the outbox.
 */
@ApplicationScoped
public class EventStore {

    private static final String COLUMNS = "stream_id, stream_version, event_id, event_type, schema_version,"
            + " payload::text, metadata::text, recorded_at";

    /** The stream's events in version order (empty for a new stream). */
    public Uni<List<StoredEvent>> load(SqlClient client, String streamId) {
        return events(client, "stream_id = $1", Tuple.of(streamId));
    }

    /** Events of a stream up to and including {@code version}: the stream as it was then. */
    public Uni<List<StoredEvent>> loadUpTo(SqlClient client, String streamId, long version) {
        return events(client, "stream_id = $1 and stream_version <= $2", Tuple.of(streamId, version));
    }

    /** Events of a stream after {@code version}, in version order: what to replay on top of a snapshot. */
    public Uni<List<StoredEvent>> loadAfter(SqlClient client, String streamId, long version) {
        return events(client, "stream_id = $1 and stream_version > $2", Tuple.of(streamId, version));
    }

    /**
     * The events after a version of each of several streams, in one statement: what a batch
     * needs on top of the states it holds. Every stream asked for is in the result.
     */
    public Uni<Map<String, List<StoredEvent>>> loadAfter(SqlClient client, Map<String, Long> afterVersions) {
        Map<String, List<StoredEvent>> byStream = new LinkedHashMap<>();
        afterVersions.keySet().forEach(stream -> byStream.put(stream, new ArrayList<>()));
        if (afterVersions.isEmpty()) {
            return Uni.createFrom().item(byStream);
        }
        return client.preparedQuery("select " + COLUMNS + " from events e join unnest($1::text[], $2::bigint[])"
                        + " as v(stream, after) on e.stream_id = v.stream and e.stream_version > v.after"
                        + " order by e.stream_id, e.stream_version")
                .execute(Tuple.of(afterVersions.keySet().toArray(String[]::new),
                        afterVersions.values().toArray(Long[]::new)))
                .map(rows -> {
                    rows.forEach(row -> {
                        StoredEvent event = event(row);
                        byStream.get(event.streamId()).add(event);
                    });
                    return byStream;
                });
    }

    /** Events of a stream recorded at or before {@code time}: the stream as it was then. */
    public Uni<List<StoredEvent>> loadUntil(SqlClient client, String streamId, OffsetDateTime time) {
        return events(client, "stream_id = $1 and recorded_at <= $2", Tuple.of(streamId, time));
    }

    /** At most {@code limit} events of a stream after {@code afterVersion}, in version order. */
    public Uni<List<StoredEvent>> page(SqlClient client, String streamId, long afterVersion, int limit) {
        return client.preparedQuery("select " + COLUMNS + " from events where stream_id = $1 and stream_version > $2"
                        + " order by stream_version limit $3")
                .execute(Tuple.of(streamId, afterVersion, limit)).map(EventStore::events);
    }

    private static Uni<List<StoredEvent>> events(SqlClient client, String where, Tuple parameters) {
        return client.preparedQuery("select " + COLUMNS + " from events where " + where + " order by stream_version")
                .execute(parameters).map(EventStore::events);
    }

    private static List<StoredEvent> events(RowSet<Row> rows) {
        List<StoredEvent> events = new ArrayList<>(rows.size());
        rows.forEach(row -> events.add(event(row)));
        return events;
    }

    private static StoredEvent event(Row row) {
        return new StoredEvent(row.getString(0), row.getLong(1), row.getUUID(2), row.getString(3), row.getInteger(4),
                row.getString(5), row.getString(6), row.getOffsetDateTime(7));
    }

    /** The ids of the streams whose id starts with {@code prefix}, sorted. */
    public Uni<List<String>> streamIds(SqlClient client, String prefix) {
        return client.preparedQuery("select distinct stream_id from events where stream_id like $1 order by stream_id")
                .execute(Tuple.of(prefix.replace("%", "\\%").replace("_", "\\_") + "%"))
                .map(rows -> {
                    List<String> ids = new ArrayList<>(rows.size());
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    /**
     * Appends after {@code expectedVersion} (0 for a new stream). A concurrent writer that got
     * there first makes the statement fail on the unique (stream, version) constraint; see
     * {@link UniqueViolation} for the retry.
     */
    public Uni<List<StoredEvent>> append(SqlClient client, String streamId, long expectedVersion, List<NewEvent> events) {
        return appendAll(client, List.of(new Append(streamId, expectedVersion, events))).map(stored -> stored.get(0));
    }

    /** Events to append to a stream after {@code expectedVersion}. */
    public record Append(String streamId, long expectedVersion, List<NewEvent> events) {
    }

    /**
     * {@link #append} for several streams (or one stream several times, each after the one before)
     * with one INSERT of arrays (one statement whatever the count, so the same prepared one each
     * time); returns the rows of each append, in order.
     */
    public Uni<List<List<StoredEvent>>> appendAll(SqlClient client, List<Append> appends) {
        // micros: what PostgreSQL keeps, so the rows returned equal the rows read back later
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<List<StoredEvent>> stored = new ArrayList<>();
        List<StoredEvent> rows = new ArrayList<>();
        for (Append append : appends) {
            List<StoredEvent> ofAppend = new ArrayList<>();
            long version = append.expectedVersion();
            for (NewEvent event : append.events()) {
                ofAppend.add(new StoredEvent(append.streamId(), ++version, event.eventId(), event.type(),
                        event.schemaVersion(), json(event.payload()), json(event.metadata()), now));
            }
            stored.add(ofAppend);
            rows.addAll(ofAppend);
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(stored);
        }
        int n = rows.size();
        String[] streams = new String[n];
        Long[] versions = new Long[n];
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] schemaVersions = new Integer[n];
        String[] payloads = new String[n];
        String[] metadata = new String[n];
        for (int i = 0; i < n; i++) {
            StoredEvent row = rows.get(i);
            streams[i] = row.streamId();
            versions[i] = row.streamVersion();
            ids[i] = row.eventId();
            types[i] = row.eventType();
            schemaVersions[i] = row.schemaVersion();
            payloads[i] = row.payload();
            metadata[i] = row.metadata();
        }
        return client.preparedQuery("insert into events (stream_id, stream_version, event_id, event_type,"
                        + " schema_version, payload, metadata, recorded_at) select s, v, i, t, sv, p::jsonb, m::jsonb, $8"
                        + " from unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::int[], $6::text[],"
                        + " $7::text[]) with ordinality as r(s, v, i, t, sv, p, m, n) order by n")
                .execute(Tuple.tuple(List.of(streams, versions, ids, types, schemaVersions, payloads, metadata, now)))
                .replaceWith(stored);
    }

    private static String json(Map<String, Object> value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("event payload is not serializable: " + e.getOriginalMessage(), e);
        }
    }
}
