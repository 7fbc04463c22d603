package io.threatloop.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker (KRaft, one combined broker and controller) in its own JVM on fixed ports,
 * so that it can be stopped, killed and started again on the same data, as a real broker
 * restarts: the fault suite restarts it mid-stream. Same Kafka version and classes as
 * {@link EmbeddedKafka}, started from this JVM's class path.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    private KafkaBrokerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Formats {@code dir} and starts the broker, waiting until it answers. */
    public static KafkaBrokerProcess start(Path dir) {
        try {
            Files.createDirectories(dir);
            int port = Ports.free();
            int controllerPort = Ports.free();
            Files.writeString(dir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@localhost:" + controllerPort,
                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"),
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=4",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "num.partitions=4",
                    "auto.create.topics.enable=true", ""));
            run(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", Uuid.randomUuid().toString(),
                    "-c", dir.resolve("server.properties").toString()), dir.resolve("format.log"));
            KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, port);
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("could not start a Kafka broker process in " + dir + ": " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Stops the broker (SIGTERM, a controlled shutdown) and starts it again on the same data and ports. */
    public synchronized void restart() {
        stop();
        launch();
    }

    private synchronized void launch() {
        try {
            process = java(List.of("kafka.Kafka", dir.resolve("server.properties").toString()), dir.resolve("broker.log"));
        } catch (IOException e) {
            throw new IllegalStateException("could not start the Kafka broker: " + e.getMessage(), e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(),
                "request.timeout.ms", "2000", "default.api.timeout.ms", "4000"))) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see "
                            + dir.resolve("broker.log"));
                }
                try {
                    admin.describeCluster().nodes().get(4, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // starting
                }
            }
        }
        throw new IllegalStateException("the Kafka broker did not answer in 60 s; see " + dir.resolve("broker.log"));
    }

    private void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void close() {
        stop();
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = java(command, log);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Process java(List<String> mainAndArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }
}
