package io.threatloop.eventstore;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The polls of one channel that arrive while a unit of work runs, handled together in the next
 * one. The Kafka connector polls on while a batch is handled and hands each poll over as a batch
 * of its own, so under load a consumer met many polls of one or two records, one transaction
 * each, and paid a transaction's fixed cost per record exactly when it could least afford it.
 * Here a poll is taken at once and waits; whatever has gathered when the running unit ends is the
 * next unit (whole polls, at most {@link #MAX_RECORDS_PER_UNIT} records and
 * {@link RecordBatches#MAX_CHARS_PER_UNIT} characters unless one poll is larger), in the order it
 * was polled. A quiet channel is handled at once. A busy one (records waiting when a unit ends)
 * waits a moment ({@code threatloop.consumers.gather}, 50 ms) before the next unit: at 100
 * observations/s on two cores that halved the tail (p99 360 -> 203 ms) and cut the CPU per
 * observation by a quarter, because a transaction's fixed cost, not its records, filled the
 * machine (BENCHMARKS.md).
 *
 * <p>What waits is bounded: past {@link #MAX_WAITING_RECORDS} records or
 * {@link #MAX_WAITING_CHARS} characters the poll is taken only once the next unit starts, and the
 * connector, which hands over nothing more meanwhile, pauses its partitions. Records are
 * acknowledged as before, once their effect is committed ({@link RecordBatches}), so a crash
 * redelivers whatever was waiting.
 */
public final class PollQueue<E> {

    private static final Logger LOG = Logger.getLogger(PollQueue.class);
    static final int MAX_RECORDS_PER_UNIT = 500;
    static final int MAX_WAITING_RECORDS = 1_000;
    static final long MAX_WAITING_CHARS = 32L << 20;

    private final String what;
    private final Function<String, E> decode;
    private final Function<List<E>, Uni<Void>> handle;
    private final Duration gather;

    /** A poll taken, with its size counted once. */
    private record Waiting(List<KafkaRecord<String, String>> records, long chars) {
    }

    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> waitingForRoom = new ArrayList<>();
    private int waitingRecords;
    private long waitingChars;
    private boolean draining;
    private Executor onContext;

    /**
     * {@code what} names one record in log lines ("a model event"), {@code decode} reads one,
     * {@code handle} applies a list of them in one transaction; while the channel is busy, the
     * next unit waits {@code gather} for more. Services get theirs from {@link PollQueues}.
     */
    PollQueue(String what, Function<String, E> decode, Function<List<E>, Uni<Void>> handle, Duration gather) {
        this.what = what;
        this.decode = decode;
        this.handle = handle;
        this.gather = gather;
    }

    /** Takes a poll; completes once it is waiting, or, while too much waits, once there is room. */
    public Uni<Void> offer(KafkaRecordBatch<String, String> batch) {
        CompletableFuture<Void> room = null;
        boolean start;
        Waiting poll = new Waiting(batch.getRecords(), chars(batch.getRecords()));
        synchronized (this) {
            waiting.add(poll);
            waitingRecords += poll.records().size();
            waitingChars += poll.chars();
            if (full()) {
                room = new CompletableFuture<>();
                waitingForRoom.add(room);
            }
            start = !draining;
            draining = true;
            if (start) {
                // the reactive sessions of the units are bound to a Vert.x context: the caller's
                onContext = CallerContext.executor(Runnable::run);
            }
        }
        if (start) {
            onContext.execute(this::next);
        }
        return room == null ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(room);
    }

    private void next() {
        List<KafkaRecord<String, String>> unit = new ArrayList<>();
        List<CompletableFuture<Void>> roomMade;
        synchronized (this) {
            long unitChars = 0;
            while (!waiting.isEmpty() && (unit.isEmpty()
                    || unit.size() + waiting.peek().records().size() <= MAX_RECORDS_PER_UNIT
                    && unitChars + waiting.peek().chars() <= RecordBatches.MAX_CHARS_PER_UNIT)) {
                Waiting poll = waiting.poll();
                unit.addAll(poll.records());
                unitChars += poll.chars();
                waitingRecords -= poll.records().size();
                waitingChars -= poll.chars();
            }
            if (unit.isEmpty()) {
                draining = false;
                return;
            }
            roomMade = full() ? List.of() : List.copyOf(waitingForRoom);
            waitingForRoom.removeAll(roomMade);
        }
        roomMade.forEach(room -> room.complete(null));
        Executor back = onContext;
        Uni.createFrom().deferred(() -> RecordBatches.consume(unit, what, decode, handle))
                .subscribe().with(
                        done -> afterUnit(back),
                        failure -> {
                            // the effects that were committed stay; what was not acknowledged comes
                            // again after a restart or rebalance, and the inbox skips what took effect
                            LOG.errorf(failure, "%d records (%s) left unacknowledged: %s", unit.size(), what,
                                    failure.toString());
                            back.execute(this::next);
                        });
    }

    /**
     * A unit has ended: when records wait but less than a unit's worth, the channel is busy, and
     * the next unit starts after {@code gather}, with what came meanwhile. A quiet channel, with
     * nothing waiting, pays no delay: its next poll starts a unit at once.
     */
    private void afterUnit(Executor back) {
        boolean busy;
        synchronized (this) {
            busy = !gather.isZero() && !waiting.isEmpty() && waitingRecords < MAX_RECORDS_PER_UNIT;
        }
        if (busy) {
            Uni.createFrom().voidItem().onItem().delayIt().by(gather).subscribe().with(v -> back.execute(this::next));
        } else {
            back.execute(this::next);
        }
    }

    private boolean full() {
        return waitingRecords >= MAX_WAITING_RECORDS || waitingChars >= MAX_WAITING_CHARS;
    }

    private static long chars(List<KafkaRecord<String, String>> records) {
        long chars = 0;
        for (KafkaRecord<String, String> record : records) {
            chars += record.getPayload() == null ? 0 : record.getPayload().length();
        }
        return chars;
    }
}
