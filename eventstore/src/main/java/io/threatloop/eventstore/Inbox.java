package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Idempotent consumption: a message id is recorded in the same transaction as its effect. */
@ApplicationScoped
public class Inbox {

    /** Which of {@code messageIds} {@code consumer} has already processed: one statement for a batch. */
    public Uni<Set<String>> processedAmong(String consumer, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select key.messageId from ProcessedMessage where key.consumer = ?1 and key.messageId in ?2",
                        String.class).setParameter(1, consumer).setParameter(2, List.copyOf(messageIds))
                .getResultList())
                .map(HashSet::new);
    }

    /** Records a batch's message ids, written in statement batches (hibernate.jdbc.batch_size). */
    public Uni<Void> recordAll(String consumer, Collection<String> messageIds) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<ProcessedMessage> messages = messageIds.stream().map(id -> {
            ProcessedMessage message = new ProcessedMessage();
            message.key = new ProcessedMessage.Key(consumer, id);
            message.processedAt = now;
            return message;
        }).toList();
        return messages.isEmpty() ? Uni.createFrom().voidItem() : ProcessedMessage.persist(messages);
    }
}
