package io.threatloop.testsupport;

import io.threatloop.runtime.TopicRecorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** What a service test needs around the shared broker: a producer and a recorder of the topics it watches. */
public final class KafkaTestClient implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final TopicRecorder recorder;

    private KafkaTestClient(Map<String, String> clientProperties, Collection<String> recordedTopics) {
        // records as large as the scanner's largest observation (16 Mi characters), compressed like its
        Map<String, Object> producerConfig = new java.util.HashMap<>(clientProperties);
        producerConfig.putAll(Map.of("compression.type", "gzip", "max.request.size", 50_331_648,
                "buffer.memory", 67_108_864));
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        recorder = new TopicRecorder(clientProperties, recordedTopics);
    }

    /** Connects to the test JVM's broker and records {@code recordedTopics} from their beginning. */
    public static KafkaTestClient recording(Collection<String> recordedTopics) {
        return new KafkaTestClient(Map.of("bootstrap.servers", TestServers.kafka()), recordedTopics);
    }

    /**
     * Connects to another broker (a stack the test started: its address and login) and records
     * {@code recordedTopics} from their beginning.
     */
    public static KafkaTestClient recording(Map<String, String> clientProperties, Collection<String> recordedTopics) {
        return new KafkaTestClient(clientProperties, recordedTopics);
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send to " + topic, e.getCause());
        }
    }

    public TopicRecorder recorder() {
        return recorder;
    }

    @Override
    public void close() {
        recorder.close();
        producer.close();
    }
}
