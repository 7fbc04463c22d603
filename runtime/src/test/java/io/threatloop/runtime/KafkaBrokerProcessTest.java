package io.threatloop.runtime;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The broker process keeps its data and its address across a restart; clients carry on. */
class KafkaBrokerProcessTest {

    @Test
    void aRestartedBrokerKeepsItsRecordsAndItsAddress(@TempDir Path dir) throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     broker.bootstrapServers()), new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                     broker.bootstrapServers(), "group.id", "restart-test", "auto.offset.reset", "earliest"),
                     new StringDeserializer(), new StringDeserializer())) {
            producer.send(new ProducerRecord<>("restarts", "k", "before")).get();

            broker.restart();

            producer.send(new ProducerRecord<>("restarts", "k", "after")).get();
            consumer.subscribe(List.of("restarts"));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= 2;
            });
            assertThat(values).containsExactly("before", "after");
        }
    }

    @Test
    void aBrokerWithAPasswordServesOnlyClientsThatLogIn(@TempDir Path dir) throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir, "broker-password")) {
            Map<String, Object> login = new java.util.HashMap<>(broker.clientProperties());
            try (Admin admin = Admin.create(login)) {
                admin.createTopics(List.of(new NewTopic("private", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("private");
            }

            Map<String, Object> wrong = new java.util.HashMap<>(login);
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"threatloop\" password=\"guessed\";");
            try (Admin admin = Admin.create(wrong)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "default.api.timeout.ms", "5000", "request.timeout.ms", "2000"))) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .as("a client without a login gets nothing").isInstanceOf(ExecutionException.class);
            }
            assertThat(Files.getPosixFilePermissions(dir.resolve("server.properties")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }
}
