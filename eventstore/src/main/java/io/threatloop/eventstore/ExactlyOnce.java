package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a consumer's effect at most once per message: inbox check, effect and inbox record in
 * one transaction. A unique violation (a lost optimistic-concurrency race, or the same message
 * processed concurrently) retries the whole transaction, which then sees the winner's state.
 */
@ApplicationScoped
public class ExactlyOnce {

    @Inject
    Inbox inbox;

    /** The effect's result, or empty when {@code messageId} was already processed by {@code consumer}. */
    public <T> Uni<Optional<T>> process(String consumer, String messageId, Supplier<Uni<T>> effect) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() ->
                        inbox.alreadyProcessed(consumer, messageId).chain(done -> done
                                ? Uni.createFrom().item(Optional.<T>empty())
                                : effect.get().call(() -> inbox.record(consumer, messageId)).map(Optional::ofNullable))))
                .onFailure(UniqueViolation::in).retry().atMost(UniqueViolation.MAX_RETRIES);
    }
}
