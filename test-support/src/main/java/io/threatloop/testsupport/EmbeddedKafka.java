package io.threatloop.testsupport;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

import java.nio.file.Path;

/**
 * A real Apache Kafka broker (KRaft, one combined broker+controller node) running in this JVM,
 * from Kafka's own test kit: the broker the tests share ({@link TestServers#kafka()}).
 */
public final class EmbeddedKafka implements AutoCloseable {

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

    public String bootstrapServers() {
        return bootstrapServers;
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
