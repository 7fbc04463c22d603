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
    private final Map<String, Object> producerConfig;

    private KafkaTestClient(Map<String, String> clientProperties, Collection<String> recordedTopics) {
        // records as large as the scanner's largest observation (16 Mi characters), compressed like its
        Map<String, Object> producerConfig = new java.util.HashMap<>(clientProperties);
        producerConfig.putAll(Map.of("compression.type", "gzip", "max.request.size", 50_331_648,
                "buffer.memory", 67_108_864));
        this.producerConfig = Map.copyOf(producerConfig);
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

    /**
     * Sends records of one key as one record batch (the producer lingers until all are queued),
     * so that a consumer receives them in one poll, and waits for the broker's acknowledgement.
     */
    public void sendTogether(String topic, String key, java.util.List<String> values) {
        Map<String, Object> lingering = new java.util.HashMap<>(producerConfig);
        lingering.putAll(Map.of("linger.ms", 60_000, "batch.size", 16 << 20));
        try (KafkaProducer<String, String> batching = new KafkaProducer<>(lingering, new StringSerializer(),
                new StringSerializer())) {
            var sent = values.stream().map(value -> batching.send(new ProducerRecord<>(topic, key, value))).toList();
            batching.flush();
            for (var ack : sent) {
                ack.get();
            }
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
