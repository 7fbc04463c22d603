package io.threatloop.eventstore;

import io.threatloop.runtime.KafkaTopics;
import io.threatloop.testsupport.TestServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real broker: committed offsets and end offsets as the broker reports them. */
class ConsumerProgressTest {

    private static Admin admin;
    private static KafkaProducer<String, String> producer;

    private final String topic = "progress-" + UUID.randomUUID();
    private final String group = "group-" + UUID.randomUUID();
    private final TopicPartition partition = new TopicPartition(topic, 0);
    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void connect() {
        String servers = TestServers.kafka();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        admin.close();
    }

    @Test
    void aPartitionWithWaitingRecordsAndNoProgressIsStuckOnceTheThresholdPassed() throws Exception {
        KafkaTopics.create(TestServers.kafka(), List.of(topic), 1);
        send(3);
        commit(1);
        ConsumerProgress progress = new ConsumerProgress(admin, List.of(group), Duration.ofMinutes(5), clock);

        ConsumerProgress.Report first = progress.sample();
        assertThat(first.lagByGroup()).containsEntry(group, 2L);
        assertThat(first.flowing()).as("waiting, but not for long yet").isTrue();

        clock.advance(Duration.ofMinutes(5));
        ConsumerProgress.Report later = progress.sample();
        assertThat(later.flowing()).isFalse();
        assertThat(later.stuck()).singleElement().satisfies(stuck -> {
            assertThat(stuck.group()).isEqualTo(group);
            assertThat(stuck.partition()).isEqualTo(partition);
            assertThat(stuck.lag()).isEqualTo(2);
            assertThat(stuck.toString()).contains("2 records waiting", "no progress for 300 s");
        });

        commit(2); // one more record done: moving, even if slowly, is not stuck
        clock.advance(Duration.ofMinutes(1));
        assertThat(progress.sample().flowing()).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(progress.sample().stuck()).as("and stalls again").hasSize(1);
    }

    @Test
    void aGroupThatIsCaughtUpIsNeverStuckHoweverLongItIsIdle() throws Exception {
        KafkaTopics.create(TestServers.kafka(), List.of(topic), 1);
        send(2);
        commit(2);
        ConsumerProgress progress = new ConsumerProgress(admin, List.of(group), Duration.ofMinutes(5), clock);

        progress.sample();
        clock.advance(Duration.ofHours(3));
        ConsumerProgress.Report idle = progress.sample();

        assertThat(idle.flowing()).isTrue();
        assertThat(idle.lagByGroup()).containsEntry(group, 0L);
    }

    private void send(int records) throws Exception {
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(topic, "key", "value-" + i)).get();
        }
    }

    private void commit(long offset) throws Exception {
        admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(offset))).all().get();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
