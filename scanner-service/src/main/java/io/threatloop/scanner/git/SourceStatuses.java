package io.threatloop.scanner.git;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The polling status of every source and of the schedule that drives them: what the sources
 * API shows, what the health checks judge and what the metrics export. One source's failure is
 * recorded here, never thrown at the scheduler.
 */
@ApplicationScoped
public class SourceStatuses {

    @Inject
    MeterRegistry metrics;

    private final Map<String, SourceStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, Boolean> gauges = new ConcurrentHashMap<>();
    /** Per source: commits done and in all of its scan in progress (or its last one). */
    private final Map<String, int[]> progress = new ConcurrentHashMap<>();
    private final Instant started = Instant.now();
    private volatile Instant lastTick;

    public SourceStatus of(String source) {
        return statuses.getOrDefault(source, SourceStatus.NEW);
    }

    /** Every known source's status, by name. */
    public Map<String, SourceStatus> all() {
        return new TreeMap<>(statuses);
    }

    public Instant started() {
        return started;
    }

    /** When the schedule last ran; null before its first run. */
    public Instant lastTick() {
        return lastTick;
    }

    void ticked(Instant now) {
        lastTick = now;
    }

    void started(String source, Instant now) {
        update(source, status -> status.started(now));
    }

    void succeeded(String source, Instant now) {
        update(source, status -> status.succeeded(now));
        Counter.builder("threatloop.scanner.source.polls").description("Polls of a source that completed")
                .tag("source", source).register(metrics).increment();
    }

    /**
     * How far a scan has come: {@code done} of its {@code total} commits. Replaying a long
     * history takes minutes; this is what shows it advancing (threatloop up prints it).
     */
    void progress(String source, int done, int total) {
        int[] counts = progress.computeIfAbsent(source, name -> {
            int[] fresh = new int[2];
            Gauge.builder("threatloop.scanner.source.commits.done", fresh, c -> c[0]).tag("source", name)
                    .description("Commits of the source's current (or last) scan done").register(metrics);
            Gauge.builder("threatloop.scanner.source.commits.total", fresh, c -> c[1]).tag("source", name)
                    .description("Commits in the source's current (or last) scan").register(metrics);
            return fresh;
        });
        counts[0] = done;
        counts[1] = total;
    }

    void failed(String source, String error) {
        update(source, status -> status.failed(error));
        Counter.builder("threatloop.scanner.source.failures").description("Polls of a source that failed")
                .tag("source", source).register(metrics).increment();
    }

    /** A spec of the saved state could not be read again from git: its next change comes without a diff. */
    void unrestored(String source) {
        Counter.builder("threatloop.scanner.source.specs.unrestored")
                .description("Specs of a source's saved state that could not be read again from git")
                .tag("source", source).register(metrics).increment();
    }

    void forget(String source) {
        statuses.remove(source);
        progress.remove(source);
    }

    private void update(String source, UnaryOperator<SourceStatus> change) {
        statuses.compute(source, (name, status) -> change.apply(status == null ? SourceStatus.NEW : status));
        registerLag(source);
    }

    private void registerLag(String source) {
        if (gauges.putIfAbsent(source, Boolean.TRUE) == null) {
            Gauge.builder("threatloop.scanner.source.lag", () -> lagSeconds(source))
                    .description("Seconds since the source last completed a poll (since the scanner started, if never)")
                    .baseUnit("seconds").tag("source", source).register(metrics);
        }
    }

    private double lagSeconds(String source) {
        SourceStatus status = statuses.get(source);
        Instant reference = status == null || status.lastSuccess() == null ? started : status.lastSuccess();
        return Duration.between(reference, Instant.now()).toMillis() / 1000.0;
    }
}
