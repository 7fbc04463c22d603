package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Idempotent consumption: a message id is recorded in the same transaction as its effect.
 * Plain SQL, one statement per batch each way and no entity to manage: every transaction of
 * the three consumers passes here (HQL would be parsed again each time, the plan cache being off).
 */
@ApplicationScoped
public class Inbox {

    /** Which of {@code messageIds} {@code consumer} has already processed. */
    public Uni<Set<String>> processedAmong(String consumer, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select message_id from processed_messages where consumer = ?1"
                                + " and message_id = any(cast(cast(?2 as text) as text[]))", String.class)
                .setParameter(1, consumer).setParameter(2, SqlArrays.of(messageIds))
                .getResultList())
                .map(HashSet::new);
    }

    /**
     * Records a batch's message ids. One already recorded (the same message processed
     * concurrently) fails the transaction on the key, which {@link ExactlyOnce} retries.
     */
    public Uni<Void> recordAll(String consumer, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into processed_messages (consumer, message_id, processed_at)"
                                + " select ?1, id, now() from unnest(cast(cast(?2 as text) as text[])) as id")
                .setParameter(1, consumer).setParameter(2, SqlArrays.of(messageIds))
                .executeUpdate())
                .replaceWithVoid();
    }
}
