package io.threatloop.cli.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged Quarkus service run as its own JVM process, its output in a log file. */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final Path runnerJar;
    private final Map<String, String> properties;
    private final int heapMb;

    private ServiceProcess(String name, int port, Process process, Path log, Path runnerJar, int heapMb,
                           Map<String, String> properties) {
        this.name = name;
        this.heapMb = heapMb;
        this.port = port;
        this.process = process;
        this.log = log;
        this.runnerJar = runnerJar;
        this.properties = Map.copyOf(properties);
    }

    /** The same service again (after a crash): same jar, port and settings; its log continues. */
    public ServiceProcess restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + process.pid() + ")");
        }
        return start(name, runnerJar, heapMb, port, properties, log.getParent());
    }

    /**
     * Another replica of this service: same jar and settings but for {@code overrides}, under
     * its own name (its log) and port.
     */
    public ServiceProcess replica(String replicaName, int replicaPort, Map<String, String> overrides)
            throws IOException {
        Map<String, String> settings = new java.util.LinkedHashMap<>(properties);
        settings.putAll(overrides);
        return start(replicaName, runnerJar, heapMb, replicaPort, settings, log.getParent());
    }

    public static ServiceProcess start(String name, Path runnerJar, int heapMb, int port,
                                       Map<String, String> properties, Path logDir) throws IOException {
        if (!runnerJar.toFile().isFile()) {
            throw new IllegalStateException(runnerJar + " not found: build first with ./mvnw -DskipTests install");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + heapMb + "m");
        command.add("-XX:TieredStopAtLevel=1");
        // Four services, Kafka and PostgreSQL share the machine's cores: the parallel collector spends
        // less CPU than G1 (no concurrent marking, no write barriers' card queues), measured 6-9 % less
        // per observation at 100/s in BENCHMARKS.md, and these heaps are small enough for its pauses.
        command.add("-XX:+UseParallelGC");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.log.console.json.enabled=false");
        command.addAll(extraJvmOptions(name));
        properties.forEach((key, value) -> {
            if (!isSecret(key)) {
                command.add("-D" + key + "=" + value);
            }
        });
        command.add("-jar");
        command.add(runnerJar.toString());
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(secretEnvironment(properties));
        Process process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ServiceProcess(name, port, process, log, runnerJar, heapMb, properties);
    }

    /**
     * {@code THREATLOOP_JAVA_OPTIONS}: more options for every service's JVM, {@code {service}}
     * replaced by the service's name, so that each one can write its own flight recording
     * ({@code -XX:StartFlightRecording=filename=/tmp/{service}.jfr,settings=profile}) or run
     * with the C2 compiler ({@code -XX:TieredStopAtLevel=4}: the later option wins) or G1
     * ({@code -XX:-UseParallelGC -XX:+UseG1GC}).
     */
    static List<String> extraJvmOptions(String service) {
        String options = System.getenv("THREATLOOP_JAVA_OPTIONS");
        if (options == null || options.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(options.trim().split("\\s+")).map(o -> o.replace("{service}", service)).toList();
    }

    /**
     * Passwords and secrets go to a service by environment, which only its user can read
     * ({@code /proc/<pid>/environ}), never as arguments, which every user of the machine sees.
     */
    static Map<String, String> secretEnvironment(Map<String, String> properties) {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (isSecret(key)) { // MicroProfile Config's environment form of the property
                environment.put(key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), value);
            }
        });
        return environment;
    }

    private static boolean isSecret(String property) {
        String name = property.toLowerCase(java.util.Locale.ROOT);
        return name.endsWith("password") || name.endsWith("secret") || name.endsWith("jaas.config");
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's place otherwise. */
    public void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        URI ready = URI.create(baseUrl() + "/q/health/ready");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public Path runnerJar() {
        return runnerJar;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code of a process that ended (137 after SIGKILL); -1 while it runs. */
    public int exitValue() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** The last {@code count} lines of its log, for saying why it stopped. */
    public List<String> lastLogLines(int count) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook runs. Waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL after 15 s; waits until the process is gone. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
