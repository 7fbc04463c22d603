package io.threatloop.scanner.git;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Instant;

/**
 * {@code git-sources} readiness: DOWN while any source has gone without a completed poll for
 * longer than it may ({@link GitSourcePoller#isStale}); names each such source with its last
 * error, so the models of those sources are known to be going stale. Each scanner replica
 * answers for the sources it polls.
 */
@Readiness
@ApplicationScoped
public class SourcesHealth implements HealthCheck {

    @Inject
    SourceRegistry registry;

    @Inject
    SourceStatuses statuses;

    @Inject
    GitSourcePoller poller;

    @Override
    public HealthCheckResponse call() {
        Instant now = Instant.now();
        HealthCheckResponseBuilder health = HealthCheckResponse.named("git-sources").up();
        int stale = 0;
        for (GitSource source : registry.all()) {
            SourceStatus status = statuses.of(source.name());
            if (poller.isStale(source, now)) {
                stale++;
                health.withData(source.name(), "no completed poll since "
                        + (status.lastSuccess() == null ? "the scanner started" : status.lastSuccess())
                        + (status.lastError() == null ? "" : ": " + status.lastError()));
            }
        }
        return health.withData("sources", registry.all().size()).withData("stale", stale).status(stale == 0).build();
    }
}
