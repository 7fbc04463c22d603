package io.threatloop.eventstore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Whether this service's consumer groups keep up: a partition with records waiting whose
 * committed offset has not moved for {@code stuckAfter} is stuck (a record the handler never
 * finishes, a consumer that left its group without anyone taking over), whatever the consumer
 * itself believes. Reads the broker's view (committed and end offsets), so it sees a consumer
 * that has stopped polling as well as one that polls but never acknowledges.
 */
public final class ConsumerProgress {

    /** One partition that has records waiting and has not advanced for a while. */
    public record Stuck(String group, TopicPartition partition, long lag, Duration since) {
        @Override
        public String toString() {
            return group + " on " + partition + ": " + lag + " records waiting, no progress for " + since.toSeconds() + " s";
        }
    }

    /** What one sample found: lag per group and the stuck partitions. */
    public record Report(Instant at, Map<String, Long> lagByGroup, List<Stuck> stuck) {
        public boolean flowing() {
            return stuck.isEmpty();
        }
    }

    private record Position(long committed, Instant since) {}

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;
    private final List<String> groups;
    private final Duration stuckAfter;
    private final Clock clock;
    private final Map<String, Map<TopicPartition, Position>> seen = new HashMap<>();

    public ConsumerProgress(Admin admin, List<String> groups, Duration stuckAfter, Clock clock) {
        this.admin = admin;
        this.groups = List.copyOf(groups);
        this.stuckAfter = stuckAfter;
        this.clock = clock;
    }

    public List<String> groups() {
        return groups;
    }

    /** Asks the broker once; throws when it cannot be asked (that is a failure of its own). */
    public synchronized Report sample() throws Exception {
        Instant now = clock.instant();
        Map<String, Long> lagByGroup = new TreeMap<>();
        List<Stuck> stuck = new ArrayList<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            committed.values().removeIf(java.util.Objects::isNull);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = committed.isEmpty() ? Map.of()
                    : admin.listOffsets(committed.keySet().stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                            .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, Position> before = seen.getOrDefault(group, Map.of());
            Map<TopicPartition, Position> after = new HashMap<>();
            long groupLag = 0;
            for (var entry : committed.entrySet()) {
                TopicPartition partition = entry.getKey();
                long offset = entry.getValue().offset();
                long lag = Math.max(0, ends.get(partition).offset() - offset);
                groupLag += lag;
                Position previous = before.get(partition);
                // progress, or nothing to do, restarts the clock: only waiting without moving counts
                Position position = previous != null && previous.committed() == offset && lag > 0
                        ? previous : new Position(offset, now);
                after.put(partition, position);
                Duration waited = Duration.between(position.since(), now);
                if (lag > 0 && waited.compareTo(stuckAfter) >= 0) {
                    stuck.add(new Stuck(group, partition, lag, waited));
                }
            }
            seen.put(group, after);
            lagByGroup.put(group, groupLag);
        }
        return new Report(now, lagByGroup, List.copyOf(stuck));
    }
}
