package io.threatloop.bench;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an observation's way to its {@code RiskChanged} spends its time, hop by hop: the times the
 * services gave their events (when a decision made them), the timestamps their outbox relays' records
 * got (when they were sent to Kafka) and when the reader received the risk change. One machine, one
 * clock; record timestamps have millisecond resolution.
 */
final class LatencyHops {

    private static final String[] HOPS = {
            "to model-service's decision", "model outbox to Kafka", "to risk-service's decision",
            "risk outbox to Kafka", "Kafka to the reader"};

    /** Per observation, in microseconds since the epoch: sent, model decided and relayed, risk decided and relayed, read. */
    private final Map<String, long[]> marks = new ConcurrentHashMap<>();

    void clear() {
        marks.clear();
    }

    void sent(String observation) {
        marks.put(observation, new long[] {micros(Instant.now()), 0, 0, 0, 0, 0});
    }

    /** The first model event an observation caused. */
    void modelEvent(String observation, Instant decided, long recordTimestampMs) {
        long[] m = marks.get(observation);
        if (m != null && m[1] == 0) {
            m[1] = micros(decided);
            m[2] = recordTimestampMs * 1000;
        }
    }

    /** The first risk change an observation caused. */
    void riskChanged(String observation, Instant decided, long recordTimestampMs) {
        long[] m = marks.get(observation);
        if (m != null && m[3] == 0) {
            m[3] = micros(decided);
            m[4] = recordTimestampMs * 1000;
            m[5] = micros(Instant.now());
        }
    }

    /** p50 / p99 of each hop over {@code observations} that went the whole way, in milliseconds. */
    String summary(Collection<String> observations) {
        long[][] complete = observations.stream().map(marks::get)
                .filter(m -> m != null && m[1] != 0 && m[3] != 0).toArray(long[][]::new);
        StringBuilder out = new StringBuilder("  hops (p50 / p99 ms, " + complete.length + " observations):");
        for (int hop = 0; hop < HOPS.length; hop++) {
            long[] spans = new long[complete.length];
            for (int i = 0; i < complete.length; i++) {
                spans[i] = complete[i][hop + 1] - complete[i][hop];
            }
            Arrays.sort(spans);
            out.append(String.format(Locale.ROOT, "%s %s %.1f / %.1f", hop == 0 ? "" : ";", HOPS[hop],
                    percentile(spans, 50, 0) / 1000.0, percentile(spans, 99, 0) / 1000.0));
        }
        return out.toString();
    }

    /** The nearest-rank percentile {@code p} of {@code sorted}; {@code ifEmpty} when it holds nothing. */
    static long percentile(long[] sorted, double p, long ifEmpty) {
        return sorted.length == 0 ? ifEmpty
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }
}
