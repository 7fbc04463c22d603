package io.threatloop.notifier.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Daily digests: the held transitions of each digest team become one delivery per channel,
 * sent (and retried) like any other by {@link DeliveryWorker}.
 */
@ApplicationScoped
public class DigestWorker {

    private static final Logger LOG = Logger.getLogger(DigestWorker.class);

    @Scheduled(cron = "${threatloop.delivery.digest-cron:0 0 8 * * ?}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return compose().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("digest run failed, the held updates wait for the next: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Turns every held transition into digests, one per team and channel; returns how many digests. */
    public Uni<Integer> compose() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "select * from deliveries where status = 'HELD' order by delivery_id for update skip locked",
                        Delivery.class).getResultList())
                .chain(held -> {
                    Map<List<String>, List<Delivery>> groups = held.stream().collect(Collectors.groupingBy(
                            d -> List.of(d.team, d.channel), LinkedHashMap::new, Collectors.toList()));
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    List<Delivery> digests = groups.entrySet().stream().map(group -> {
                        Delivery digest = new Delivery();
                        digest.eventId = "digest-" + UUID.randomUUID();
                        digest.kind = Delivery.DIGEST;
                        digest.team = group.getKey().get(0);
                        digest.applicationId = "team:" + digest.team;
                        digest.channel = group.getKey().get(1);
                        digest.event = group.getValue().stream().map(d -> d.event)
                                .collect(Collectors.joining(",", "[", "]"));
                        digest.status = Delivery.PENDING;
                        digest.nextAttemptAt = now;
                        digest.createdAt = now;
                        return digest;
                    }).toList();
                    held.forEach(d -> d.status = Delivery.DIGESTED);
                    return digests.isEmpty() ? Uni.createFrom().item(0)
                            : Delivery.persist(digests).replaceWith(digests.size());
                }))
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("%d daily digest(s) queued", count);
                    }
                });
    }
}
