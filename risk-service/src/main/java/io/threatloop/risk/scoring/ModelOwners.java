package io.threatloop.risk.scoring;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which team owns a model now, for the live streams: read once per model per
 * {@link #FRESH_FOR} for every open stream together, forgotten at once when this replica has
 * committed an {@code OwnerTeamAssigned}. Another replica that applied the move is at most
 * {@link #FRESH_FOR} behind, and a model moved to another team stops streaming to the old one
 * within that.
 */
@ApplicationScoped
public class ModelOwners {

    static final Duration FRESH_FOR = Duration.ofSeconds(2);

    private record Owner(Optional<String> team, long readAt) {}

    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    /** Counts moves: a read that a move overtook may hold the old owner and is not kept. */
    private final java.util.concurrent.atomic.AtomicLong moves = new java.util.concurrent.atomic.AtomicLong();

    /** The owning team, empty when the model has none yet or it cannot be read (shown to no team then). Blocking. */
    public Optional<String> teamOf(String applicationId) {
        long now = System.nanoTime();
        Owner known = owners.get(applicationId);
        if (known != null && now - known.readAt() < FRESH_FOR.toNanos()) {
            return known.team();
        }
        long movesBefore = moves.get();
        Optional<String> team;
        try {
            ModelContextRow row = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                    ModelContextRow.<ModelContextRow>findById(applicationId)));
            team = Optional.ofNullable(row == null ? null : row.team);
        } catch (Throwable e) { // not shown rather than shown to the wrong team
            return Optional.empty();
        }
        if (owners.size() > 100_000) {
            owners.clear(); // a cache, not a copy of the table
        }
        if (moves.get() == movesBefore) {
            owners.put(applicationId, new Owner(team, now));
        }
        return team;
    }

    /** Called once the move is committed. */
    void changed(String applicationId) {
        moves.incrementAndGet();
        owners.remove(applicationId);
    }
}
