package io.threatloop.scanner.git;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code git-poller} liveness: DOWN when the schedule has stopped ticking (its thread died) or a
 * poll has run longer than {@code threatloop.scanner.poll-timeout}: states a restart cures.
 */
@Liveness
@ApplicationScoped
public class PollerHealth implements HealthCheck {

    @Inject
    ScannerConfig config;

    @Inject
    SourceStatuses statuses;

    @Override
    public HealthCheckResponse call() {
        Instant now = Instant.now();
        HealthCheckResponseBuilder health = HealthCheckResponse.named("git-poller").up();
        // three missed ticks, and a minute of grace for the first one
        Duration allowed = config.pollInterval().multipliedBy(3).plusMinutes(1);
        Instant lastTick = statuses.lastTick();
        boolean ticking = (lastTick == null ? statuses.started() : lastTick).plus(allowed).isAfter(now);
        health.withData("lastTick", lastTick == null ? "never" : lastTick.toString());
        if (!ticking) {
            health.withData("problem", "the poll schedule has not run for " + allowed);
        }
        boolean stuck = false;
        for (Map.Entry<String, SourceStatus> entry : statuses.all().entrySet()) {
            Instant since = entry.getValue().pollingSince();
            if (since != null && since.plus(config.pollTimeout()).isBefore(now)) {
                stuck = true;
                health.withData(entry.getKey(), "polling since " + since + ", longer than " + config.pollTimeout());
            }
        }
        return health.status(ticking && !stuck).build();
    }
}
