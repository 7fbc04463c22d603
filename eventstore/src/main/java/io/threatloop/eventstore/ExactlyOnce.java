package io.threatloop.eventstore;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs a consumer's effect at most once per message: inbox claim and effect in one
 * transaction, for a poll's messages at once. A unique violation (a lost optimistic-concurrency
 * race) retries the whole transaction, which then sees the winner's state.
 */
@ApplicationScoped
public class ExactlyOnce {

    @Inject
    Inbox inbox;

    @Inject
    Pool pool;

    /**
     * A batch's messages in one transaction on a connection of the reactive pool: one inbox
     * statement claims all of them, then {@code effect} runs its statements on the connection for
     * those not processed before (a message twice in the batch counts once); it applies them in the
     * batch's order, so the order per key is kept. The transaction succeeds or fails as a whole: the
     * caller retries it, or goes message by message to find the one that fails. No ORM: the
     * consumers hold no entity, and a session only added its own work around each statement.
     */
    public <E extends Envelope<?>> Uni<Void> processAllOnConnection(String consumer, List<E> messages,
                                                                    BiFunction<SqlConnection, List<E>, Uni<Void>> effect) {
        Map<String, E> byId = byId(messages);
        return Uni.createFrom().deferred(() -> pool.withTransaction(connection -> inbox.claim(connection, consumer,
                        byId.keySet()).chain(claimed -> applyToFresh(byId, claimed, fresh -> effect.apply(connection, fresh)))))
                .onFailure(UniqueViolation::in).retry().atMost(UniqueViolation.MAX_RETRIES);
    }

    /** The messages by id in their order, a message twice counted once. */
    private static <E extends Envelope<?>> Map<String, E> byId(List<E> messages) {
        Map<String, E> byId = new LinkedHashMap<>();
        messages.forEach(message -> byId.putIfAbsent(message.id(), message));
        return byId;
    }

    /** {@code effect} on the messages this transaction claimed, in their order; nothing when none. */
    private static <E extends Envelope<?>> Uni<Void> applyToFresh(Map<String, E> byId, java.util.Set<String> claimed,
                                                                 Function<List<E>, Uni<Void>> effect) {
        List<E> fresh = new ArrayList<>(byId.values());
        fresh.removeIf(message -> !claimed.contains(message.id()));
        return fresh.isEmpty() ? Uni.createFrom().voidItem() : effect.apply(fresh);
    }

    /** Runs {@code step} for each item in order, each after the previous one finished. */
    public static <T> Uni<Void> inOrder(List<T> items, Function<T, Uni<?>> step) {
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(step)
                .collect().last().replaceWithVoid();
    }
}
