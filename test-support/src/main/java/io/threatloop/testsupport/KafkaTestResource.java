package io.threatloop.testsupport;

import io.threatloop.runtime.KafkaTopics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.threatloop.contracts.Topics;

import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} the real Kafka broker of this test JVM (embedded, or
 * {@code KAFKA_BOOTSTRAP_SERVERS}), with the threatloop topics and their DLQs created.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = TestServers.kafka();
        KafkaTopics.create(bootstrap, Topics.ALL_WITH_DEAD_LETTERS, 4);
        return Map.of("kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        // the broker lives as long as the test JVM, shared by every test class
    }
}
