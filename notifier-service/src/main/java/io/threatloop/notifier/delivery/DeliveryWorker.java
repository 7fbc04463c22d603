package io.threatloop.notifier.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.threatloop.eventstore.SqlArrays;
import io.threatloop.eventstore.CallerContext;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Works through due deliveries: claims a batch (rows locked and leased in a short transaction,
 * skipping those another replica holds), sends them at once, then records each result. A channel
 * that fails or hangs delays only its own deliveries; after the last try a delivery stays as a
 * dead letter with its error.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    static final int BATCH = 200;

    @Inject
    DeliveryConfig config;

    @Inject
    ChannelSender sender;

    @Scheduled(every = "${threatloop.delivery.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${threatloop.outbox.first-delay:3s}")
    Uni<Void> scheduled() {
        return deliverDue().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("delivery run failed, will run again: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Sends what is due now; returns how many deliveries were tried. */
    public Uni<Integer> deliverDue() {
        // sends complete on the HTTP client's threads; results are recorded back on this Vert.x context
        Executor onContext = CallerContext.executor(Infrastructure.getDefaultExecutor());
        return claim().chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0)
                : Uni.join().all(claimed.stream().map(this::attempt).toList()).andFailFast()
                .emitOn(onContext)
                .chain(this::record)
                // a full batch: more may be due, go on without waiting for the next run
                .chain(() -> claimed.size() < BATCH ? Uni.createFrom().item(0) : deliverDue())
                .map(more -> claimed.size() + more));
    }

    /** A delivery tried: its error, or null when the channel took it. */
    private record Outcome(Long id, String error) {
    }

    /** Due deliveries, leased in one statement; rows another replica holds are skipped. */
    private Uni<List<Delivery>> claim() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "update deliveries set next_attempt_at = now() + cast(?1 as integer) * interval '1 second' where delivery_id in"
                                + " (select delivery_id from deliveries where status = 'PENDING' and next_attempt_at <= now()"
                                + " order by delivery_id limit " + BATCH + " for update skip locked) returning *",
                        Delivery.class)
                .setParameter(1, (int) config.lease().toSeconds()).getResultList()));
    }

    private Uni<Outcome> attempt(Delivery claimed) {
        return sender.send(claimed)
                .map(sent -> new Outcome(claimed.id, null))
                .onFailure().recoverWithItem(failure -> new Outcome(claimed.id, failure.getMessage()));
    }

    /**
     * The outcomes of a batch, in one transaction (a lost one is tried again after its lease): the
     * delivered ones in one statement, failures one by one.
     */
    private Uni<Void> record(List<Outcome> outcomes) {
        Long[] delivered = outcomes.stream().filter(o -> o.error() == null).map(Outcome::id).toArray(Long[]::new);
        List<Outcome> failed = outcomes.stream().filter(o -> o.error() != null).toList();
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> delivered.length == 0 ? Uni.createFrom().item(0) : session.createNativeQuery(
                                "update deliveries set status = 'DELIVERED', attempts = attempts + 1,"
                                        + " delivered_at = now(), last_error = null"
                                        + " where delivery_id = any(cast(cast(?1 as text) as bigint[]))")
                        .setParameter(1, SqlArrays.of(delivered)).executeUpdate())
                .chain(() -> Multi.createFrom().iterable(failed)
                        .onItem().transformToUniAndConcatenate(o -> recordFailure(o.id(), o.error()).replaceWith(true))
                        .collect().last()))
                .replaceWithVoid();
    }

    private Uni<Void> recordFailure(Long id, String error) {
        Backoff backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        return Delivery.<Delivery>findById(id).invoke(delivery -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            delivery.attempts++;
            if (delivery.attempts >= config.maxAttempts()) {
                delivery.status = Delivery.DEAD;
                delivery.lastError = error;
                LOG.warnf("delivery %d of model '%s' to %s is a dead letter after %d tries: %s", id,
                        delivery.applicationId, delivery.channel, delivery.attempts, error);
            } else {
                delivery.lastError = error;
                delivery.nextAttemptAt = now.plus(backoff.after(delivery.attempts));
                LOG.infof("delivery %d of model '%s' to %s failed (try %d of %d), next at %s: %s", id,
                        delivery.applicationId, delivery.channel, delivery.attempts, config.maxAttempts(),
                        delivery.nextAttemptAt, error);
            }
        }).replaceWithVoid();
    }
}
