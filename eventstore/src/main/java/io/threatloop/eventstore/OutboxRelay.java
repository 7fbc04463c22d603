package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.threatloop.contracts.Envelope;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Relays outbox rows to Kafka in position order, a batch at a time (sent in order, all
 * acknowledged by the broker before the batch is deleted, in the same transaction; the
 * producer is idempotent, so a retried send cannot overtake a later one of the same partition). A crash between send and commit
 * sends a row again: consumers drop it by event id. A transaction-scoped advisory lock keeps
 * a second replica from relaying the same rows out of order.
 */
@Startup // created with the application, not lazily by the first scheduled run (which may come at shutdown)
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x7468726561746cL; // "threatl"
    private static final int BATCH = 200;

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
