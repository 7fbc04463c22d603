package io.threatloop.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker (KRaft, one combined broker+controller node) running in this JVM,
 * from Kafka's own test kit. Used by the tests and by {@code threatloop up}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** When set, tests use this broker instead of starting one (Docker, a cluster, CI services). */
    public static final String EXTERNAL_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    private static EmbeddedKafka shared;

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private final Path ownedDir;

    private EmbeddedKafka(KafkaClusterTestKit cluster, String bootstrapServers, Path ownedDir) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
        this.ownedDir = ownedDir;
    }

    /** Starts a broker; {@code baseDir} null means a temporary directory deleted on close. */
    public static EmbeddedKafka start(Path baseDir) {
        Path ownedDir = null;
        try {
            if (baseDir == null) {
                // our own directory, deleted after the broker stopped: the kit's temporary one is
                // deleted by a JVM shutdown hook while the broker may still write, and the broker
                // then halts the JVM with exit code 1
                ownedDir = java.nio.file.Files.createTempDirectory("threatloop-kafka");
                baseDir = ownedDir;
            }
            TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    // the kit's default is an unreleased metadata version
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction());
            nodes.setBaseDirectory(baseDir);
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes.build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "4")
                    .setDeleteOnClose(false)
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster, cluster.bootstrapServers(), ownedDir);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * The broker of this test JVM: the external one when {@value #EXTERNAL_ENV} is set, else one
     * embedded broker started on first use and stopped when the JVM exits.
     */
    public static synchronized String sharedBootstrapServers() {
        String external = System.getenv(EXTERNAL_ENV);
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (ContainerServers.enabled()) {
            return ContainerServers.kafkaBootstrapServers();
        }
        if (shared == null) {
            shared = start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-kafka-stop"));
        }
        return shared.bootstrapServers();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topics (and their DLQs when asked) if they do not exist yet. */
    public static void createTopics(String bootstrapServers, Collection<String> topics, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(java.util.List.of(new NewTopic(topic, partitions, (short) 1)))
                            .all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer in 30 s", e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the embedded Kafka broker", e);
        }
        if (ownedDir != null) {
            try (var paths = java.nio.file.Files.walk(ownedDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
