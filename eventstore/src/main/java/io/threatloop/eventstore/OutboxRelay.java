package io.threatloop.eventstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Relays outbox rows to Kafka in position order, a batch at a time (a row holds one or more
 * records, see {@link Outbox}; sent in order, all acknowledged by the broker before the rows are
 * deleted, in the same transaction; the producer is idempotent, so a retried send cannot
 * overtake a later one of the same partition). A crash between send and commit sends the
 * records again: consumers drop them by event id. A transaction-scoped advisory lock keeps
 * a second replica from relaying the same rows out of order.
 *
 * <p>A record Kafka refuses for what it is (too large, invalid) is set aside in
 * {@code outbox_dead_letters} with the reason (a WARN with its event id, the
 * {@code threatloop.outbox.dead.letters} counter), and the rest of the batch goes on; any other
 * failure sends the whole batch again later.
 *
 * <p>Woken by PostgreSQL: a trigger NOTIFYs {@value #CHANNEL} when a transaction that queued
 * events commits, so they leave at once; the scheduled run stays as the fallback (a missed
 * notification, a replica that lost the lock race).
 */
@Startup // created with the application, not lazily by the first scheduled run (which may come at shutdown)
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x7468726561746cL; // "threatl"
    /** Records per batch (whole rows: at least one row, however many records it holds). */
    private static final int BATCH = Outbox.RECORDS_PER_ROW;
    /**
     * The first rows in position order whose records start within the batch; rows written
     * before batch rows existed hold one record under message_key. Payloads of rows left out are
     * never read (TOAST values are fetched only when returned). The keys come as a JSON array, one
     * text column, as {@link #recordsOf} reads them.
     */
    private static final String NEXT_ROWS = "select position, topic, message_key, cast(to_json(message_keys) as text),"
            + " payload from"
            + " (select position, topic, message_key, message_keys, payload, sum(coalesce(cardinality(message_keys), 1))"
            + " over (order by position) - coalesce(cardinality(message_keys), 1) as before"
            + " from outbox order by position limit " + BATCH + ") o where before < " + BATCH + " order by position";
    static final String CHANNEL = "threatloop_outbox";

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    private Counter deadLetters() {
        return Counter.builder("threatloop.outbox.dead.letters")
                .description("Outbox records Kafka refused for what they are, set aside in outbox_dead_letters")
                .register(metrics);
    }

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /**
     * One relay at a time from notifications; a notification during a run asks for one more. Runs
     * start at most every {@value #GATHER_MS} ms, so that under load one run carries the events of
     * many transactions instead of one each; after a quiet spell the first notification is relayed
     * at once (waiting then gathers nothing and only adds to every hop's latency).
     */
    private static final long GATHER_MS = 25;
    private final AtomicLong lastRunStart = new AtomicLong(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(GATHER_MS));
    private final ScheduledExecutorService waker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay-waker");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean woken = new AtomicBoolean();
    /** Woken runs in a row that found the lock taken; after a second of it, the schedule takes over. */
    private final AtomicInteger lockedOut = new AtomicInteger();
    private static final int LOCKED_OUT_RETRIES = 40;
    /** What a relay run returns when another run (here or on another replica) holds the lock. */
    private static final int LOCKED = -1;
    private PgSubscriber subscriber;

    void listen(@Observes StartupEvent start) {
        if (url.isEmpty()) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.get().replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(payload -> wake());
        subscriber.connect()
                .onSuccess(v -> LOG.infof("outbox relay woken by PostgreSQL notifications on %s", CHANNEL))
                .onFailure(e -> LOG.warnf("outbox notifications unavailable (%s): relaying on the schedule only",
                        e.getMessage()));
    }

    void stop(@Observes ShutdownEvent stop) {
        if (subscriber != null) {
            subscriber.close();
        }
        waker.shutdownNow();
    }

    private void wake() {
        if (woken.compareAndSet(false, true)) {
            long sinceLastRun = System.nanoTime() - lastRunStart.get();
            long delay = Math.max(0, TimeUnit.MILLISECONDS.toNanos(GATHER_MS) - sinceLastRun);
            waker.schedule(() -> {
                woken.set(false);
                lastRunStart.set(System.nanoTime());
                try {
                    // The lock's holder may have read the outbox before this transaction committed:
                    // try again shortly instead of leaving its events to the next tick.
                    Integer last = VertxContextSupport.subscribeAndAwait(this::drain);
                    if (last != null && last == LOCKED && lockedOut.incrementAndGet() <= LOCKED_OUT_RETRIES) {
                        wake();
                    } else {
                        lockedOut.set(0);
                    }
                } catch (Throwable failure) {
                    LOG.debugf("woken relay failed, the schedule retries: %s", failure.getMessage());
                }
            }, delay, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A batch is sent at once and acknowledged as a whole: it can reach BATCH + RECORDS_PER_ROW - 1
     * records (whole rows). Beyond what the Kafka sink asks for (max-inflight-messages, 1,024 by
     * default) the emitter must buffer the rest, or every send of the batch fails and it never
     * leaves (seen with rows of 1,000 and the default buffer of 128).
     */
    @Inject
    @Channel("outbox")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2 * Outbox.RECORDS_PER_ROW + BATCH)
    MutinyEmitter<String> emitter;

    // the first tick waits for the messaging channels: a tick during startup cannot inject the emitter yet
    @Scheduled(every = "${threatloop.outbox.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${threatloop.outbox.first-delay:3s}")
    Uni<Void> relay() {
        return drain().replaceWithVoid();
    }

    /**
     * Relays batches until one comes back short. Both the schedule and the notifications drain:
     * whichever holds the lock goes on while the other gives up at once, so a burst (a rescore
     * queues tens of thousands of events) leaves at the relay's speed, not a batch per tick.
     * Returns what the last batch returned.
     */
    private Uni<Integer> drain() {
        return Multi.createBy().repeating().uni(this::relayBatch).whilst(relayed -> relayed >= BATCH)
                .collect().last();
    }

    /**
     * Relays one batch; returns how many records were published, or {@link #LOCKED}. On the
     * reactive pool without the ORM: a relay run holds no entity, so a session would only add its
     * own work around each statement of a transaction that follows every consumer's.
     */
    public Uni<Integer> relayBatch() {
        return pool.withTransaction(connection -> connection
                .query("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")").execute()
                .chain(locked -> Boolean.TRUE.equals(locked.iterator().next().getBoolean(0)) ? publishBatch(connection)
                        : Uni.createFrom().item(LOCKED)))
                .onFailure().invoke(failure -> LOG.warnf("outbox relay failed, will retry: %s", failure.getMessage()))
                .onFailure().recoverWithItem(0);
    }

    private Uni<Integer> publishBatch(SqlConnection connection) {
        Executor onContext = CallerContext.executor(Infrastructure.getDefaultExecutor());
        return connection.query(NEXT_ROWS).execute().map(OutboxRelay::values).chain(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Record> records = new ArrayList<>();
            List<DeadLetter> unreadable = new ArrayList<>();
            Long[] positions = new Long[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                Object[] row = rows.get(i);
                positions[i] = ((Number) row[0]).longValue();
                try {
                    records.addAll(recordsOf(positions[i], row));
                } catch (RuntimeException e) { // a row no relay can ever send must not hold up the ones after it
                    unreadable.add(new DeadLetter(new Record(positions[i], (String) row[1], null, (String) row[4]),
                            e.getMessage()));
                }
            }
            List<Uni<Throwable>> sends = records.stream()
                    .map(record -> send(record.topic(), record.key(), record.payload())
                            .onItem().transform(sent -> (Throwable) null)
                            .onFailure().recoverWithItem(failure -> failure))
                    .toList();
            Uni<List<Throwable>> outcomes = sends.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(sends).andCollectFailures();
            return outcomes.emitOn(onContext).chain(failures -> {
                List<DeadLetter> refused = new ArrayList<>(unreadable);
                for (int i = 0; i < failures.size(); i++) {
                    Throwable failure = failures.get(i);
                    if (failure == null) {
                        continue;
                    }
                    if (!refusedForWhatItIs(failure)) {
                        // the broker or the network failed: send the whole batch again later, in order
                        return Uni.createFrom().failure(failure);
                    }
                    refused.add(new DeadLetter(records.get(i), failure.getClass().getSimpleName() + ": "
                            + failure.getMessage()));
                }
                return setAside(connection, refused)
                        .chain(() -> connection.preparedQuery("delete from outbox where position = any($1)")
                                .execute(Tuple.of(positions)))
                        .map(deleted -> records.size() + unreadable.size());
            });
        });
    }

    /** The rows as the record readers take them: one value per column. */
    private static List<Object[]> values(RowSet<Row> rows) {
        List<Object[]> values = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Object[] columns = new Object[row.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = row.getValue(i);
            }
            values.add(columns);
        }
        return values;
    }

    /** One record of an outbox row. */
    private record Record(long position, String topic, String key, String payload) {
    }

    private record DeadLetter(Record record, String reason) {
        String eventId() {
            var id = EVENT_ID.matcher(record.payload().length() > 300 ? record.payload().substring(0, 300)
                    : record.payload());
            return id.find() ? id.group(1) : null;
        }
    }

    private static final java.util.regex.Pattern EVENT_ID = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"");

    private static List<Record> recordsOf(long position, Object[] row) {
        String topic = (String) row[1];
        String payload = (String) row[4];
        if (row[3] == null) {
            return List.of(new Record(position, topic, (String) row[2], payload));
        }
        String[] keys = keysOf((String) row[3]);
        String[] lines = payload.split("\n", -1);
        if (lines.length != keys.length) {
            throw new IllegalStateException("outbox row " + position + " holds " + lines.length
                    + " records for " + keys.length + " keys");
        }
        List<Record> records = new ArrayList<>(lines.length);
        for (int r = 0; r < lines.length; r++) {
            records.add(new Record(position, topic, keys[r], lines[r]));
        }
        return records;
    }

    /**
     * Whether Kafka refused the record for what it is (too large, invalid): sending it again can
     * never succeed, so it is set aside and the records after it go on.
     */
    static boolean refusedForWhatItIs(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException
                    || cause instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    /** Keeps refused records with their reason, in the relay's transaction, and says so. */
    private Uni<Void> setAside(SqlConnection connection, List<DeadLetter> refused) {
        Uni<Void> written = Uni.createFrom().voidItem();
        for (DeadLetter dead : refused) {
            written = written.chain(() -> connection.preparedQuery("insert into outbox_dead_letters"
                            + " (position, topic, message_key, event_id, payload, reason) values ($1, $2, $3, $4, $5, $6)")
                    .execute(Tuple.of(dead.record().position(), dead.record().topic(), dead.record().key(),
                            dead.eventId(), dead.record().payload(), dead.reason()))
                    .invoke(() -> {
                        deadLetters().increment();
                        LOG.warnf("outbox: event %s (key %s, %d characters) set aside in outbox_dead_letters, the"
                                        + " relay goes on with the rest: %s", dead.eventId(), dead.record().key(),
                                dead.record().payload().length(), dead.reason());
                    })
                    .replaceWithVoid());
        }
        return written;
    }

    private static String[] keysOf(String json) {
        try {
            return EventCodec.mapper().readValue(json, String[].class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable keys of an outbox row: " + e.getOriginalMessage(), e);
        }
    }

    private Uni<Void> send(String topic, String key, String payload) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", Envelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(payload, Metadata.of(metadata)));
    }

}
