package io.threatloop.notifier.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: after the n-th failed attempt, a random wait between half
 * and all of {@code initial * 2^(n-1)}, capped at {@code max}, so failing channels are not hammered
 * and retries of many deliveries do not arrive together.
 */
public record Backoff(Duration initial, Duration max) {

    public Duration after(int failedAttempts) {
        long base = initial.toMillis() << Math.min(30, Math.max(0, failedAttempts - 1));
        long capped = Math.min(base <= 0 ? Long.MAX_VALUE : base, max.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
