package io.threatloop.scanner.webhook;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook deliveries received lately, by a digest of what was signed: a delivery replayed
 * within the window (an attacker with a captured request, or a sender retrying) is recognised
 * and scans nothing. Bounded in time and in count, so a flood cannot grow it.
 */
final class RecentDeliveries {

    private final long windowNanos;
    private final int capacity;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    RecentDeliveries(Duration window, int capacity) {
        this.windowNanos = window.toNanos();
        this.capacity = capacity;
    }

    /** True the first time {@code key} is seen within the window. */
    synchronized boolean firstTime(String key, long nowNanos) {
        Iterator<Map.Entry<String, Long>> oldest = seen.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Long> entry = oldest.next();
            if (nowNanos - entry.getValue() < windowNanos && seen.size() < capacity) {
                break;
            }
            oldest.remove();
        }
        return seen.putIfAbsent(key, nowNanos) == null;
    }
}
