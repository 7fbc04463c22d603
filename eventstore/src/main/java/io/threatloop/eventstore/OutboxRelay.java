package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.threatloop.contracts.Envelope;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays outbox rows to Kafka in position order, a batch at a time (sent in order, all
 * acknowledged by the broker before the batch is deleted, in the same transaction; the
 * producer is idempotent, so a retried send cannot overtake a later one of the same partition). A crash between send and commit
 * sends a row again: consumers drop it by event id. A transaction-scoped advisory lock keeps
 * a second replica from relaying the same rows out of order.
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
    private static final int BATCH = 200;
    static final String CHANNEL = "threatloop_outbox";

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /**
     * One relay at a time from notifications; a notification during a run asks for one more. The
     * run starts a moment after the first notification, so that under load one run carries the
     * events of many transactions instead of one each.
     */
    private static final long GATHER_MS = 25;
    private final ScheduledExecutorService waker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay-waker");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean woken = new AtomicBoolean();
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
            waker.schedule(() -> {
                woken.set(false);
                try {
                    int relayed;
                    do { // a full batch may have left more behind
                        relayed = VertxContextSupport.subscribeAndAwait(this::relayBatch);
                    } while (relayed == BATCH);
                } catch (Throwable failure) {
                    LOG.debugf("woken relay failed, the schedule retries: %s", failure.getMessage());
                }
            }, GATHER_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Inject
    @Channel("outbox")
    MutinyEmitter<String> emitter;

    // the first tick waits for the messaging channels: a tick during startup cannot inject the emitter yet
    @Scheduled(every = "${threatloop.outbox.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${threatloop.outbox.first-delay:3s}")
    Uni<Void> relay() {
        return relayBatch().replaceWithVoid();
    }

    /** Relays one batch; returns how many rows were published. */
    public Uni<Integer> relayBatch() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")", Boolean.class)
                .getSingleResult()
                .chain(locked -> Boolean.TRUE.equals(locked) ? publishBatch(session) : Uni.createFrom().item(0))))
                .onFailure().invoke(failure -> LOG.warnf("outbox relay failed, will retry: %s", failure.getMessage()))
                .onFailure().recoverWithItem(0);
    }

    private Uni<Integer> publishBatch(Mutiny.Session session) {
        Context context = Vertx.currentContext();
        Executor onContext = context == null ? Infrastructure.getDefaultExecutor() : task -> context.runOnContext(v -> task.run());
        return OutboxMessage.<OutboxMessage>find("order by position").page(0, BATCH).list()
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0)
                        : Uni.join().all(rows.stream().map(this::send).toList()).andFailFast()
                        .emitOn(onContext)
                        // by position, not "up to the last": a row of a transaction still open when the batch was read
                        // (a lower position committed later) must stay for the next batch
                        .chain(() -> OutboxMessage.delete("position in ?1",
                                rows.stream().map(row -> row.position).toList()))
                        .map(deleted -> rows.size()));
    }

    private Uni<Void> send(OutboxMessage row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", Envelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.key)
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(row.payload, Metadata.of(metadata)));
    }

}
