package io.threatloop.runtime;

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
 * restarts: {@code threatloop up} runs it, and the fault suite restarts it mid-stream. Started
 * from this JVM's class path.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /** The one user of a broker started with a password. */
    public static final String USER = "threatloop";

    private final Path dir;
    private final int port;
    private final String password;
    private Process process;

    private KafkaBrokerProcess(Path dir, int port, String password) {
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    /** Formats {@code dir} and starts a broker open to every local client, waiting until it answers. */
    public static KafkaBrokerProcess start(Path dir) {
        return start(dir, null);
    }

    /**
     * Formats {@code dir} and starts the broker on loopback, waiting until it answers. With a
     * {@code password}, both listeners (clients and the controller) take only SASL/PLAIN as
     * {@value #USER} with it: other users of the machine cannot read or write the topics. Its
     * configuration, which holds the password, is readable only by this user.
     */
    public static KafkaBrokerProcess start(Path dir, String password) {
        try {
            Files.createDirectories(dir);
            int port = Ports.free();
            int controllerPort = Ports.free();
            String protocol = password == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
            List<String> config = new ArrayList<>(List.of(
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@localhost:" + controllerPort,
                    "listeners=BROKER://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=BROKER://localhost:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=BROKER",
                    "listener.security.protocol.map=BROKER:" + protocol + ",CONTROLLER:" + protocol,
                    "log.dirs=" + dir.resolve("data"),
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=4",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "num.partitions=4",
                    "auto.create.topics.enable=true"));
            if (password != null) {
                String jaas = PLAIN_LOGIN + " username=\"" + USER + "\" password=\"" + password + "\" user_" + USER
                        + "=\"" + password + "\";";
                config.addAll(List.of(
                        "sasl.enabled.mechanisms=PLAIN",
                        "sasl.mechanism.inter.broker.protocol=PLAIN",
                        "sasl.mechanism.controller.protocol=PLAIN",
                        "listener.name.broker.plain.sasl.jaas.config=" + jaas,
                        "listener.name.controller.plain.sasl.jaas.config=" + jaas));
            }
            Path properties = dir.resolve("server.properties");
            OwnerOnlyFile.write(properties, String.join("\n", config) + "\n");
            run(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", Uuid.randomUuid().toString(),
                    "-c", properties.toString()), dir.resolve("format.log"));
            KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, port, password);
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("could not start a Kafka broker process in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule required";

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** What a client needs to connect: the address and, for a broker with a password, the login. */
    public Map<String, String> clientProperties() {
        if (password == null) {
            return Map.of("bootstrap.servers", bootstrapServers());
        }
        return Map.of("bootstrap.servers", bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", PLAIN_LOGIN + " username=\"" + USER + "\" password=\"" + password + "\";");
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
        Map<String, Object> adminConfig = new java.util.HashMap<>(clientProperties());
        adminConfig.put("request.timeout.ms", "2000");
        adminConfig.put("default.api.timeout.ms", "4000");
        try (Admin admin = Admin.create(adminConfig)) {
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
