package io.threatloop.runtime;

import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads topics from the beginning in a background thread and keeps every record, decoded when
 * it is a threatloop event. Tests assert on it; {@code threatloop demo} prints from it.
 */
public final class TopicRecorder implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<RecordedEvent> records = new CopyOnWriteArrayList<>();
    private final List<Consumer<RecordedEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean running = true;

    public TopicRecorder(String bootstrapServers, Collection<String> topics) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics);
    }

    /** Records from the broker {@code clientProperties} connect to (its address, and its login if it has one). */
    public TopicRecorder(Map<String, String> clientProperties, Collection<String> topics) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "threatloop-recorder-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.copyOf(topics));
        thread = new Thread(this::poll, "topic-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called for every record from now on (in the recorder's thread). */
    public void onRecord(Consumer<RecordedEvent> listener) {
        listeners.add(listener);
    }

    /**
     * Blocks until {@code condition} holds for the records so far, or the timeout passes;
     * returns whether it holds. Wakes up on every new record, never polls.
     */
    public boolean awaitUntil(Predicate<List<RecordedEvent>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (signal) {
            while (!condition.test(all())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                signal.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    public List<RecordedEvent> all() {
        return new ArrayList<>(records);
    }

    public List<RecordedEvent> matching(Predicate<RecordedEvent> predicate) {
        return records.stream().filter(predicate).toList();
    }

    public List<RecordedEvent> ofType(String type) {
        return matching(r -> r.is(type));
    }

    public List<RecordedEvent> onTopic(String topic) {
        return matching(r -> r.topic().equals(topic));
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    RecordedEvent event = toEvent(record);
                    records.add(event);
                    listeners.forEach(listener -> listener.accept(event));
                    synchronized (signal) {
                        signal.notifyAll();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static RecordedEvent toEvent(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        try {
            return new RecordedEvent(record.topic(), record.key(), record.value(), headers,
                    EventCodec.decode(record.value()));
        } catch (InvalidEventException e) {
            return new RecordedEvent(record.topic(), record.key(), record.value(), headers, null);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
