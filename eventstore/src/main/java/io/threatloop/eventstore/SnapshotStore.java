package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The latest snapshot per stream. Call inside the transaction of the append it belongs to. */
@ApplicationScoped
public class SnapshotStore {

    // the JSON goes in as text: the reactive client would bind a String to jsonb as a JSON string value
    private static final String UPSERT = """
            insert into snapshots (stream_id, stream_version, state_version, state, taken_at)
            values (?1, ?2, ?3, cast(cast(?4 as text) as jsonb), ?5)
            on conflict (stream_id) do update set stream_version = excluded.stream_version,
                state_version = excluded.state_version, state = excluded.state, taken_at = excluded.taken_at
            where snapshots.stream_version < excluded.stream_version
            """;

    /**
     * The stream's snapshot if there is one in the shape {@code stateVersion}; read-only, as it is
     * only ever replaced by {@link #save}: Hibernate then keeps no copy of its JSON to compare at
     * every flush of the transaction (a batch loads tens of them).
     */
    public Uni<Optional<Snapshot>> load(String streamId, int stateVersion) {
        return Panache.getSession().chain(session -> session.createSelectionQuery("from Snapshot where streamId = ?1",
                        Snapshot.class).setParameter(1, streamId).setReadOnly(true).getResultList())
                .map(found -> found.stream().findFirst().filter(s -> s.stateVersion == stateVersion));
    }

    /** Keeps {@code state} as the stream's snapshot at {@code streamVersion} unless a later one exists. */
    public Uni<Void> save(String streamId, long streamVersion, int stateVersion, String stateJson) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter(1, streamId)
                .setParameter(2, streamVersion)
                .setParameter(3, stateVersion)
                .setParameter(4, stateJson)
                .setParameter(5, OffsetDateTime.now(ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }
}
