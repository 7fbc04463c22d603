package io.threatloop.eventstore;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.threatloop.contracts.InvalidEventException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * How a consumer takes the records of its polls at once (its channel's {@code batch=true}, the
 * polls gathered by {@link PollQueue}): what cannot be read goes to the dead-letter topic alone,
 * the rest is handled as one unit of work (one transaction instead of one per record), tried
 * again while the infrastructure fails. When the batch fails for a reason of its own, its records
 * are handled one by one, so that only the one at fault goes to the dead-letter topic, with the
 * reason, and the others take effect in order.
 * A record is acknowledged once its effect is committed, so a crash before that redelivers it
 * and the inbox skips what had already taken effect.
 */
public final class RecordBatches {

    private static final Logger LOG = Logger.getLogger(RecordBatches.class);
    static final long MAX_CHARS_PER_UNIT = 4L << 20;
    private static final Duration SECOND_ATTEMPT_AFTER = Duration.ofMillis(500);

    private RecordBatches() {
    }

    /**
     * Handles {@code records}, in their order: {@code what} names one record in log lines ("a
     * model event"), {@code decode} reads one, {@code handle} applies a list of them in one
     * transaction.
     */
    static <E> Uni<Void> consume(List<KafkaRecord<String, String>> records, String what,
                                 Function<String, E> decode, Function<List<E>, Uni<Void>> handle) {
        // acknowledgements and dead-letter sends complete on other threads and contexts: every
        // attempt goes back to the caller's context, the safe one the reactive session needs
        Executor onContext = CallerContext.executor(Runnable::run);
        Function<List<E>, Uni<Void>> attempt = events -> TransientFailures.retried(what, onContext,
                () -> handle.apply(events));
        List<KafkaRecord<String, String>> readable = new ArrayList<>();
        List<E> events = new ArrayList<>();
        List<Uni<Void>> unreadable = new ArrayList<>();
        for (KafkaRecord<String, String> record : records) {
            try {
                events.add(decode.apply(record.getPayload()));
                readable.add(record);
            } catch (Throwable failure) { // whatever a record holds, it cannot stop the others
                unreadable.add(deadLetter(record, what, failure));
            }
        }
        Uni<Void> deadLettered = unreadable.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(unreadable).andCollectFailures().replaceWithVoid();
        List<Integer> starts = chunkStarts(readable);
        return deadLettered.chain(() -> Multi.createFrom().range(0, starts.size()).onItem().transformToUniAndConcatenate(c -> {
            int from = starts.get(c);
            int to = c + 1 < starts.size() ? starts.get(c + 1) : readable.size();
            return unit(readable.subList(from, to), events.subList(from, to), what, attempt);
        }).collect().last().replaceWithVoid());
    }

    /**
     * Where each unit of work starts: a batch of large records (observations reach 16 Mi
     * characters) is split so that one transaction holds at most {@link #MAX_CHARS_PER_UNIT}, or
     * one record.
     */
    static List<Integer> chunkStarts(List<KafkaRecord<String, String>> records) {
        List<Integer> starts = new ArrayList<>();
        long chars = 0;
        for (int i = 0; i < records.size(); i++) {
            int length = records.get(i).getPayload().length();
            if (i == 0 || chars + length > MAX_CHARS_PER_UNIT) {
                starts.add(i);
                chars = 0;
            }
            chars += length;
        }
        return starts;
    }

    private static <E> Uni<Void> unit(List<KafkaRecord<String, String>> records, List<E> events, String what,
                                      Function<List<E>, Uni<Void>> attempt) {
        if (events.size() == 1) {
            return oneByOne(records, events, what, attempt);
        }
        return attempt.apply(events).map(done -> true)
                .onFailure().recoverWithItem(failure -> {
                    LOG.infof("a batch of %d records failed (%s); handling them one by one to find the one at fault",
                            events.size(), failure.toString());
                    return false;
                })
                .chain(together -> together ? ackAll(records) : oneByOne(records, events, what, attempt));
    }

    private static <E> Uni<Void> oneByOne(List<KafkaRecord<String, String>> records, List<E> events, String what,
                                          Function<List<E>, Uni<Void>> attempt) {
        return Multi.createFrom().range(0, records.size()).onItem().transformToUniAndConcatenate(i ->
                        alone(records.get(i), events.get(i), what, attempt))
                .collect().last().replaceWithVoid();
    }

    /**
     * One record in its own transaction. A failure not known to be the infrastructure's is tried
     * once more before the record goes to the dead-letter topic: a record at fault fails again,
     * while a kind of broken connection nobody had seen yet would otherwise cost a valid record.
     * Its acknowledgement failing never dead-letters it: its effect is committed by then.
     */
    private static <E> Uni<Void> alone(KafkaRecord<String, String> record, E event, String what,
                                       Function<List<E>, Uni<Void>> attempt) {
        return attempt.apply(List.of(event))
                .onFailure().recoverWithUni(first -> {
                    LOG.infof("%s failed (%s); trying it once more before it goes to %s.dlq", what, first.toString(),
                            record.getTopic());
                    return Uni.createFrom().voidItem().onItem().delayIt().by(SECOND_ATTEMPT_AFTER)
                            .chain(() -> attempt.apply(List.of(event)));
                })
                .map(done -> true)
                .onFailure().recoverWithUni(failure -> deadLetter(record, what, failure).map(dead -> false))
                .chain(applied -> applied ? ack(record) : Uni.createFrom().voidItem());
    }

    private static Uni<Void> deadLetter(KafkaRecord<String, String> record, String what, Throwable reason) {
        // a broken record is explained by its message; anything else gets its stack trace
        LOG.warnf(reason instanceof InvalidEventException ? null : reason, "%s sent to %s.dlq: %s", what,
                record.getTopic(), reason.toString());
        return Uni.createFrom().completionStage(() -> record.nack(reason));
    }

    private static Uni<Void> ack(KafkaRecord<String, String> record) {
        return Uni.createFrom().completionStage(record::ack);
    }

    private static Uni<Void> ackAll(List<KafkaRecord<String, String>> records) {
        return Uni.join().all(records.stream().map(RecordBatches::ack).toList()).andFailFast().replaceWithVoid();
    }
}
