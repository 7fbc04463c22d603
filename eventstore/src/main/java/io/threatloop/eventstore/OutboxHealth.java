package io.threatloop.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code outbox} readiness: DOWN while the oldest queued event has waited longer than
 * {@code threatloop.outbox.max-age} (default 2 minutes): the relay is stuck or Kafka is gone, and
 * nothing this service decides reaches its consumers. Reports the depth, the oldest age and
 * how many records were set aside; the same figures are metrics.
 */
@Readiness
@ApplicationScoped
public class OutboxHealth implements AsyncHealthCheck {

    @ConfigProperty(name = "threatloop.outbox.max-age", defaultValue = "2m")
    Duration maxAge;

    @Inject
    MeterRegistry metrics;

    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();
    private final AtomicLong setAside = new AtomicLong();

    void gauges(@Observes StartupEvent start) {
        Gauge.builder("threatloop.outbox.depth", depth, AtomicLong::get)
                .description("Outbox rows waiting to be relayed (as of the last health check)").register(metrics);
        Gauge.builder("threatloop.outbox.oldest.age", oldestSeconds, AtomicLong::get).baseUnit("seconds")
                .description("How long the oldest outbox row has waited (as of the last health check)").register(metrics);
        Gauge.builder("threatloop.outbox.dead.letters.stored", setAside, AtomicLong::get)
                .description("Records in outbox_dead_letters (as of the last health check)").register(metrics);
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery("select (select count(*) from outbox),"
                        + " (select coalesce(extract(epoch from now() - min(created_at)), 0) from outbox),"
                        + " (select count(*) from outbox_dead_letters)", Object[].class).getSingleResult()))
                .map(row -> {
                    depth.set(((Number) row[0]).longValue());
                    oldestSeconds.set(((Number) row[1]).longValue());
                    setAside.set(((Number) row[2]).longValue());
                    boolean fresh = oldestSeconds.get() <= maxAge.toSeconds();
                    var health = HealthCheckResponse.named("outbox").status(fresh)
                            .withData("depth", depth.get())
                            .withData("oldestSeconds", oldestSeconds.get())
                            .withData("setAside", setAside.get());
                    if (!fresh) {
                        health.withData("problem", "events have waited more than " + maxAge
                                + " to reach Kafka: is the broker reachable? (see the outbox relay's log)");
                    }
                    return health.build();
                })
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("outbox").down()
                        .withData("problem", "cannot read the outbox: " + failure.getMessage()).build());
    }
}
