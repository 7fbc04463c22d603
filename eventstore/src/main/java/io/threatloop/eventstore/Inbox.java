package io.threatloop.eventstore;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Idempotent consumption: a message id is recorded in the same transaction as its effect. */
@ApplicationScoped
public class Inbox {

    public Uni<Boolean> alreadyProcessed(String consumer, String messageId) {
        return ProcessedMessage.<ProcessedMessage>findById(new ProcessedMessage.Key(consumer, messageId))
                .map(found -> found != null);
    }

    public Uni<Void> record(String consumer, String messageId) {
        ProcessedMessage message = new ProcessedMessage();
        message.key = new ProcessedMessage.Key(consumer, messageId);
        message.processedAt = OffsetDateTime.now(ZoneOffset.UTC);
        return message.persist().replaceWithVoid();
    }
}
