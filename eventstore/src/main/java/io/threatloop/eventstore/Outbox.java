package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCatalog;
import io.threatloop.contracts.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The transactional outbox: events to publish are written in the transaction of the change
 * they announce and relayed to Kafka by {@link OutboxRelay}, so none is lost between a
 * database commit and a Kafka send.
 */
@ApplicationScoped
public class Outbox {

    /**
     * Queues the events on the topics the catalogue assigns them, keyed by their subject, in list
     * order. One statement for any number of events (a rescore after a policy change queues tens
     * of thousands at once): three arrays, unnested in order.
     */
    public Uni<Void> enqueue(List<? extends Envelope<?>> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] topics = new String[events.size()];
        String[] keys = new String[events.size()];
        String[] payloads = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            Envelope<?> event = events.get(i);
            topics[i] = EventCatalog.entryFor(event.data().getClass()).topic();
            keys[i] = event.subject();
            payloads[i] = EventCodec.encode(event);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into outbox"
                        + " (topic, message_key, payload) select topic, message_key, payload"
                        + " from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[])) with ordinality"
                        + " as e(topic, message_key, payload, n) order by n")
                .setParameter(1, topics).setParameter(2, keys).setParameter(3, payloads)
                .executeUpdate()).replaceWithVoid();
    }
}
