package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCatalog;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.EventTooLarge;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The transactional outbox: events to publish are written in the transaction of the change
 * they announce and relayed to Kafka by {@link OutboxRelay}, so none is lost between a
 * database commit and a Kafka send.
 */
@ApplicationScoped
public class Outbox {

    /**
     * Records per outbox row at most: a rescore after a policy change queues tens of thousands
     * of events at once, and a row per event cost more than the rescore itself. Bounded so that
     * the relay's batches stay bounded too.
     */
    static final int RECORDS_PER_ROW = 500;

    /**
     * Queues the events on the topics the catalogue assigns them, keyed by their subject, in list
     * order: consecutive events of one topic share a row (one payload line and one key each).
     * An event over {@link EventCodec#MAX_EVENT_CHARS} fails the transaction with {@link EventTooLarge}.
     */
    public Uni<Void> enqueue(List<? extends Envelope<?>> events) {
        return enqueue(encode(events));
    }

    /** Queues events encoded before, e.g. on a worker thread while the transaction did other work. */
    public Uni<Void> enqueue(Encoded events) {
        Uni<Void> written = Uni.createFrom().voidItem();
        for (Row row : events.rows()) {
            written = written.chain(() -> insert(row));
        }
        return written;
    }

    /** {@link #enqueue(Encoded)} on a connection of the reactive pool, in its transaction. */
    public Uni<Void> enqueue(SqlClient connection, Encoded events) {
        Uni<Void> written = Uni.createFrom().voidItem();
        for (Row row : events.rows()) {
            written = written.chain(() -> connection.preparedQuery(
                            "insert into outbox (topic, message_keys, payload) values ($1, $2::text[], $3)")
                    .execute(Tuple.of(row.topic(), row.keys().toArray(String[]::new), row.payload())).replaceWithVoid());
        }
        return written;
    }

    /** Events encoded as outbox rows, ready to queue. */
    public record Encoded(List<Row> rows) {
    }

    /** One outbox row: records of one topic, one payload line and one key each. */
    public record Row(String topic, List<String> keys, String payload) {
    }

    /**
     * Encodes events into outbox rows: pure (no database, no context), so it can run anywhere;
     * encoding is most of what queuing tens of thousands of events costs.
     */
    public static Encoded encode(List<? extends Envelope<?>> events) {
        return new Encoded(rows(events));
    }

    static List<Row> rows(List<? extends Envelope<?>> events) {
        List<Row> rows = new ArrayList<>();
        int from = 0;
        while (from < events.size()) {
            String topic = topicOf(events.get(from));
            List<String> keys = new ArrayList<>();
            StringWriter payload = new StringWriter(1536 * Math.min(RECORDS_PER_ROW, events.size() - from));
            int to = from;
            while (to < events.size() && to - from < RECORDS_PER_ROW && topicOf(events.get(to)).equals(topic)) {
                if (to > from) {
                    payload.write('\n');
                }
                int start = payload.getBuffer().length();
                EventCodec.encode(events.get(to), payload); // one line each: compact JSON escapes line breaks
                int length = payload.getBuffer().length() - start;
                if (length > EventCodec.MAX_EVENT_CHARS) { // refused here, before it can block the relay
                    throw new EventTooLarge(events.get(to).type(), length);
                }
                keys.add(events.get(to).subject());
                to++;
            }
            rows.add(new Row(topic, keys, payload.toString()));
            from = to;
        }
        return rows;
    }

    private static String topicOf(Envelope<?> event) {
        return EventCatalog.entryFor(event.data().getClass()).topic();
    }

    private static Uni<Void> insert(Row row) {
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into outbox"
                        + " (topic, message_keys, payload) values (?1, cast(cast(?2 as text) as text[]), ?3)")
                .setParameter(1, row.topic()).setParameter(2, SqlArrays.of(row.keys()))
                .setParameter(3, row.payload())
                .executeUpdate()).replaceWithVoid();
    }
}
