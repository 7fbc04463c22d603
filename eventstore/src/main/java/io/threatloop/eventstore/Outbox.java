package io.threatloop.eventstore;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCatalog;
import io.threatloop.contracts.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The transactional outbox: events to publish are written in the transaction of the change
 * they announce and relayed to Kafka by {@link OutboxRelay}, so none is lost between a
 * database commit and a Kafka send.
 */
@ApplicationScoped
public class Outbox {

    /** Queues the events on the topics the catalogue assigns them, keyed by their subject. */
    public Uni<Void> enqueue(List<? extends Envelope<?>> events) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<OutboxMessage> rows = events.stream().map(event -> {
            OutboxMessage row = new OutboxMessage();
            row.topic = EventCatalog.entryFor(event.data().getClass()).topic();
            row.key = event.subject();
            row.payload = EventCodec.encode(event);
            row.createdAt = now;
            return row;
        }).toList();
        return rows.isEmpty() ? Uni.createFrom().voidItem() : OutboxMessage.persist(rows);
    }
}
