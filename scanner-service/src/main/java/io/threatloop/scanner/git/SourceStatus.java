package io.threatloop.scanner.git;

import java.time.Duration;
import java.time.Instant;

/**
 * How a source's polling stands, as the API, the health checks and the metrics show it.
 *
 * @param state               {@code new} (never polled), {@code ok}, {@code failing}; {@code polling} while a poll runs
 * @param lastAttempt         when the last poll started
 * @param lastSuccess         when a poll last completed (every new commit scanned and published)
 * @param lastError           why the last poll failed, null after a success
 * @param consecutiveFailures polls in a row that failed
 * @param pollingSince        when the running poll started, null when none runs
 */
public record SourceStatus(String state, Instant lastAttempt, Instant lastSuccess, String lastError,
                           int consecutiveFailures, Instant pollingSince) {

    static final SourceStatus NEW = new SourceStatus("new", null, null, null, 0, null);

    SourceStatus started(Instant now) {
        return new SourceStatus("polling", now, lastSuccess, lastError, consecutiveFailures, now);
    }

    SourceStatus succeeded(Instant now) {
        return new SourceStatus("ok", lastAttempt, now, null, 0, null);
    }

    SourceStatus failed(String error) {
        return new SourceStatus("failing", lastAttempt, lastSuccess, error, consecutiveFailures + 1, null);
    }

    /**
     * Whether the source has gone without a completed poll for longer than {@code staleAfter}:
     * counted from its last success, or from the scanner's start when it never had one.
     */
    boolean isStale(Instant now, Instant since, Duration staleAfter) {
        Instant reference = lastSuccess != null ? lastSuccess : since;
        return reference.plus(staleAfter).isBefore(now);
    }
}
