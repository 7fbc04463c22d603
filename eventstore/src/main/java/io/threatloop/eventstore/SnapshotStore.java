package io.threatloop.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The latest snapshot per stream, on the reactive SQL client: {@code client} is the pool for a
 * read, or the connection of the transaction whose append the snapshot belongs to.
 */
@ApplicationScoped
public class SnapshotStore {

    // the JSON goes in as text: a String bound to jsonb would be stored as a JSON string value
    private static final String UPSERT = """
            insert into snapshots (stream_id, stream_version, state_version, state, taken_at)
            values ($1, $2, $3, $4::text::jsonb, $5)
            on conflict (stream_id) do update set stream_version = excluded.stream_version,
                state_version = excluded.state_version, state = excluded.state, taken_at = excluded.taken_at
            where snapshots.stream_version < excluded.stream_version
            """;

    /** The stream's snapshot if there is one in the shape {@code stateVersion}. */
    public Uni<Optional<Snapshot>> load(SqlClient client, String streamId, int stateVersion) {
        return client.preparedQuery("select stream_id, stream_version, state_version, state::text, taken_at"
                        + " from snapshots where stream_id = $1").execute(Tuple.of(streamId))
                .map(rows -> {
                    var found = rows.iterator();
                    return found.hasNext() ? Optional.of(snapshot(found.next())) : Optional.<Snapshot>empty();
                })
                .map(found -> found.filter(snapshot -> snapshot.stateVersion() == stateVersion));
    }

    private static Snapshot snapshot(Row row) {
        return new Snapshot(row.getString(0), row.getLong(1), row.getInteger(2), row.getString(3),
                row.getOffsetDateTime(4));
    }

    /** Keeps {@code state} as the stream's snapshot at {@code streamVersion} unless a later one exists. */
    public Uni<Void> save(SqlClient client, String streamId, long streamVersion, int stateVersion, String stateJson) {
        return client.preparedQuery(UPSERT).execute(Tuple.of(streamId, streamVersion, stateVersion, stateJson,
                OffsetDateTime.now(ZoneOffset.UTC))).replaceWithVoid();
    }
}
