package io.threatloop.eventstore;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Polls that arrive while a unit of work runs are handled together, in order, and what waits is bounded. */
class PollQueueTest {

    /** Handles each unit only when the test lets it, and remembers what each held. */
    private static final class GatedHandler {
        final List<List<String>> units = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> gates = new CopyOnWriteArrayList<>();

        Uni<Void> handle(List<String> events) {
            units.add(List.copyOf(events));
            CompletableFuture<Void> gate = new CompletableFuture<>();
            gates.add(gate);
            return Uni.createFrom().completionStage(gate);
        }

        void release(int unit) {
            gates.get(unit).complete(null);
        }
    }

    private final List<String> acknowledged = new CopyOnWriteArrayList<>();

    @Test
    void pollsThatArriveDuringAUnitAreTheNextUnitInTheirOrder() {
        GatedHandler handler = new GatedHandler();
        PollQueue<String> polls = new PollQueue<>("a record", value -> value, handler::handle, java.time.Duration.ZERO);

        assertThat(offered(polls, poll("a"))).isTrue();
        assertThat(handler.units).containsExactly(List.of("a"));
        assertThat(offered(polls, poll("b"))).isTrue();
        assertThat(offered(polls, poll("c", "d"))).isTrue();
        assertThat(offered(polls, poll("e"))).isTrue();
        assertThat(handler.units).as("nothing more starts while a unit runs").hasSize(1);

        handler.release(0);
        assertThat(handler.units).containsExactly(List.of("a"), List.of("b", "c", "d", "e"));
        assertThat(acknowledged).as("acknowledged once committed").containsExactly("a");

        handler.release(1);
        assertThat(acknowledged).containsExactly("a", "b", "c", "d", "e");
        assertThat(offered(polls, poll("f"))).isTrue();
        assertThat(handler.units).as("a quiet queue handles a poll at once").hasSize(3).last()
                .isEqualTo(List.of("f"));
    }

    @Test
    void aUnitHoldsAtMostItsLimitAndWhatWaitsIsBounded() {
        GatedHandler handler = new GatedHandler();
        PollQueue<String> polls = new PollQueue<>("a record", value -> value, handler::handle, java.time.Duration.ZERO);
        polls.offer(poll("first"));
        int pollSize = 250;
        List<Uni<Void>> taken = new ArrayList<>();
        for (int p = 0; p < PollQueue.MAX_WAITING_RECORDS / pollSize; p++) {
            int from = p * pollSize;
            taken.add(polls.offer(poll(IntStream.range(from, from + pollSize).mapToObj(Integer::toString)
                    .toArray(String[]::new))));
        }
        assertThat(isDone(taken.get(taken.size() - 2))).isTrue();
        assertThat(isDone(taken.get(taken.size() - 1))).as("the poll that filled the queue waits for room").isFalse();

        handler.release(0);
        assertThat(handler.units.get(1)).hasSize(PollQueue.MAX_RECORDS_PER_UNIT).startsWith("0", "1");
        assertThat(isDone(taken.get(taken.size() - 1))).as("room made once the next unit took its records").isTrue();
        handler.release(1);
        assertThat(handler.units.get(2)).hasSize(PollQueue.MAX_WAITING_RECORDS - PollQueue.MAX_RECORDS_PER_UNIT)
                .startsWith(Integer.toString(PollQueue.MAX_RECORDS_PER_UNIT));
    }

    @Test
    void aUnitThatFailsForItsOwnReasonLeavesTheQueueWorking() {
        List<List<String>> units = new CopyOnWriteArrayList<>();
        PollQueue<String> polls = new PollQueue<>("a record", value -> value, events -> {
            units.add(List.copyOf(events));
            if (events.contains("poison")) {
                throw new IllegalStateException("cannot apply " + events);
            }
            return Uni.createFrom().voidItem();
        }, java.time.Duration.ZERO);

        polls.offer(poll("poison"));
        polls.offer(poll("next"));

        // tried a second time after a pause, then dead-lettered, and the queue goes on
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> acknowledged.contains("next"));
        assertThat(units).containsExactly(List.of("poison"), List.of("poison"), List.of("next"));
        assertThat(acknowledged).as("the poison record went to its dead-letter topic, not acknowledged")
                .containsExactly("next");
    }

    @Test
    void aBusyChannelGathersBeforeItsNextUnitAndAQuietOneDoesNot() {
        GatedHandler handler = new GatedHandler();
        PollQueue<String> polls = new PollQueue<>("a record", value -> value, handler::handle,
                java.time.Duration.ofMillis(300));
        polls.offer(poll("a"));
        polls.offer(poll("b"));
        long released = System.nanoTime();
        handler.release(0);
        polls.offer(poll("c"));
        assertThat(handler.units).as("records waited when the unit ended: the next one gathers").hasSize(1);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> handler.units.size() == 2);
        assertThat(System.nanoTime() - released).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(300).toNanos());
        assertThat(handler.units.get(1)).containsExactly("b", "c");

        handler.release(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> acknowledged.contains("c"));
        polls.offer(poll("d"));
        assertThat(handler.units).as("nothing waited: a poll starts its unit at once").hasSize(3);
    }

    @Test
    void everyAttemptRunsOnTheCallersContextWhereverAcknowledgementsComplete() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        java.util.concurrent.ExecutorService elsewhere = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            io.vertx.core.Context caller = vertx.getOrCreateContext();
            List<Object> contexts = new CopyOnWriteArrayList<>();
            PollQueue<String> polls = new PollQueue<>("a record", value -> value, events -> {
                contexts.add(java.util.Objects.requireNonNullElse(io.vertx.core.Vertx.currentContext(), "none"));
                if (events.contains("bad")) {
                    throw new IllegalArgumentException("cannot apply " + events);
                }
                return Uni.createFrom().voidItem();
            }, java.time.Duration.ZERO);
            // the connector completes acknowledgements on its own threads, not the caller's context
            KafkaRecordBatch<String, String> batch = poll(value -> CompletableFuture.runAsync(
                    () -> acknowledged.add(value), elsewhere), "a", "bad", "b");

            caller.runOnContext(v -> polls.offer(batch));

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> acknowledged.containsAll(List.of("a", "b", "nacked bad")));
            assertThat(contexts).as("the batch, then a, bad twice and b alone").hasSize(5)
                    .allSatisfy(context -> assertThat(context).isSameAs(caller));
        } finally {
            elsewhere.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static boolean offered(PollQueue<String> polls, KafkaRecordBatch<String, String> batch) {
        return isDone(polls.offer(batch));
    }

    private static boolean isDone(Uni<Void> taken) {
        return taken.subscribeAsCompletionStage().isDone();
    }

    private KafkaRecordBatch<String, String> poll(String... values) {
        return poll(value -> {
            if (!value.startsWith("nacked ")) {
                acknowledged.add(value);
            }
            return CompletableFuture.completedFuture(null);
        }, values);
    }

    /** A poll whose records complete their acknowledgement (and, prefixed "nacked ", their rejection) with {@code settle}. */
    private KafkaRecordBatch<String, String> poll(java.util.function.Function<String, CompletableFuture<Void>> settle,
                                                  String... values) {
        List<KafkaRecord<String, String>> records = new ArrayList<>();
        for (String value : values) {
            records.add(KafkaRecord.<String, String>of("key", value).withAck(() -> settle.apply(value))
                    .withNack(reason -> settle.apply("nacked " + value)));
        }
        return new KafkaRecordBatch<>() {
            @Override
            public List<KafkaRecord<String, String>> getRecords() {
                return records;
            }

            @Override
            public Map<TopicPartition, KafkaRecord<String, String>> getLatestOffsetRecords() {
                return Map.of();
            }

            @Override
            public List<String> getPayload() {
                return records.stream().map(KafkaRecord::getPayload).toList();
            }

            @Override
            public Iterator<KafkaRecord<String, String>> iterator() {
                return records.iterator();
            }
        };
    }
}
