package io.threatloop.cli;

import io.threatloop.cli.stack.ServiceProcess;
import io.threatloop.cli.stack.Stack;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.runtime.EmbeddedPostgres;
import io.threatloop.testsupport.KafkaTestClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The local stack's life cycle: nothing left running after a stop, even mid-start; clear refusals; kept data. */
class StackShutdownIT {

    private static final Path HOME = Path.of("").toAbsolutePath().getParent();
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void closingTheStackStopsEveryProcessAndFreesEveryPort() throws IOException {
        Stack stack = Stack.prepare(workDir("shutdown-"), new Stack.Options(false, null, Stack.Options.DEFAULT_FIRST_PORT));
        stack.start(HOME, Map.of(), QUIET);
        List<ServiceProcess> services = stack.services();
        String bootstrap = stack.bootstrapServers();
        assertThat(services).hasSize(4).allSatisfy(s -> assertThat(s.isAlive()).isTrue());

        stack.close();

        assertThat(services).allSatisfy(s -> {
            assertThat(s.isAlive()).isFalse();
            assertThat(listening(URI.create(s.baseUrl()).getPort())).as("port of %s", s.name()).isFalse();
        });
        assertThat(listening(Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)))).isFalse();
        assertThat(ProcessHandle.current().children()).as("child processes left").isEmpty();
    }

    @Test
    void aServiceKilledUnderTheStackIsReportedAndStartedAgain() throws Exception {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8);
        try (Stack stack = Stack.prepare(workDir("supervised-"), new Stack.Options(false, null, 9381))) {
            stack.start(HOME, Map.of(), QUIET);
            stack.supervise(out);
            ServiceProcess model = service(stack, "model-service");

            KafkaTestClient kafka = KafkaTestClient.recording(stack.kafkaClientProperties(), List.of(Topics.THREATMODEL_EVENTS));

            ProcessHandle.of(model.pid()).orElseThrow().destroyForcibly(); // kill -9 from outside, as the OOM killer would
            // published while model-service is down: the stack runs on the production session timeout
            // (45 s), so the dead member holds its partitions until the broker gives up on it
            String app = "while-down-" + java.util.UUID.randomUUID();
            kafka.send(Topics.API_OBSERVATIONS, app, EventCodec.encode(observation(app)));

            await().atMost(Duration.ofSeconds(120)).until(() -> printed.toString().contains("model-service restarted"));
            assertThat(printed.toString()).contains("model-service stopped (exit code 137, pid " + model.pid() + ")")
                    .contains("its last log lines").contains("restarting model-service in 1 s");
            ServiceProcess again = service(stack, "model-service");
            assertThat(again.pid()).isNotEqualTo(model.pid());
            assertThat(again.isAlive()).isTrue();
            HttpResponse<Void> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(again.baseUrl() + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(ready.statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(150)).until(() -> !kafka.recorder().matching(r -> app.equals(r.key())
                    && r.event() != null && r.event().type().equals("ThreatIdentified")).isEmpty());
            List<String> ids = kafka.recorder().matching(r -> app.equals(r.key()) && r.event() != null).stream()
                    .map(r -> r.event().id()).toList();
            assertThat(ids).as("nothing lost, nothing twice").isNotEmpty().doesNotHaveDuplicates();
            kafka.close();
        }
        assertThat(ProcessHandle.current().children()).as("child processes left").isEmpty();
    }

    /** One unauthenticated operation, as the scanner would publish it. */
    private static Envelope<SpecObserved> observation(String app) {
        ApiOperation op = new ApiOperation("GET /accounts/{}", "GET", "/accounts/{}", null, false, List.of(), List.of(),
                List.of(), List.of(), List.of("200"), Map.of());
        SourceRef source = new SourceRef("git", "file:///repo", "c1", "openapi.yaml", "main", Instant.now());
        SpecObserved data = new SpecObserved(app, source, "sha256:c1",
                new ApiSurface("Accounts", "1", "openapi-3.0.3", List.of(), Map.of(), List.of(op)), List.of(), List.of());
        return Envelope.of(java.util.UUID.randomUUID().toString(), "/test", Instant.now(), "c1", "c1", data);
    }

    private static ServiceProcess service(Stack stack, String name) {
        return stack.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void stoppingWhileStartingLeavesNothingRunning() throws IOException {
        Stack stack = Stack.prepare(workDir("interrupted-"), new Stack.Options(false, null, 9181));
        CompletableFuture<Void> starting = CompletableFuture.runAsync(() -> {
            try {
                stack.start(HOME, Map.of(), QUIET);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        // services launched, none ready yet: the longest part of a start
        await().atMost(Duration.ofSeconds(60)).until(() -> !stack.services().isEmpty() || starting.isDone());

        stack.close(); // what Ctrl-C does, through the shutdown hook

        assertThatThrownBy(starting::join).isInstanceOf(CompletionException.class)
                .hasMessageContaining("stopped while starting");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ProcessHandle.current().children()).as("child processes left").isEmpty());
        for (int port = 9181; port <= 9184; port++) {
            assertThat(listening(port)).as("port %d", port).isFalse();
        }
    }

    @Test
    void aTakenPortIsNamedAndNothingStarts() throws IOException {
        try (ServerSocket squatter = new ServerSocket(9283, 50, InetAddress.getLoopbackAddress())) {
            Stack stack = Stack.prepare(workDir("taken-"), new Stack.Options(false, null, 9281));
            assertThatThrownBy(() -> stack.start(HOME, Map.of(), QUIET))
                    .isInstanceOf(Stack.PortTakenException.class)
                    .hasMessageContaining("port 9283 (risk-service) is already in use")
                    .hasMessageContaining("--ports");
            assertThat(stack.bootstrapServers()).as("Kafka was not started").isNull();
            assertThat(ProcessHandle.current().children()).isEmpty();
        }
    }

    @Test
    void servicesLeftRunningByARunThatWasKilledAreStoppedByTheNextAndOnlyThey() throws Exception {
        Path workDir = workDir("leftovers-");
        Path jar = Files.createFile(workDir.resolve("quarkus-run.jar"));
        // a process that looks like a left-over service (its command line names the jar) and one that does not
        Process leftover = new ProcessBuilder("tail", "-f", jar.toString()).start();
        Process unrelated = new ProcessBuilder("tail", "-f", "/dev/null").start();
        try {
            Files.writeString(workDir.resolve("services.pids"), leftover.pid() + " " + jar + "\n"
                    + unrelated.pid() + " " + jar + "\n");

            int stopped = Stack.stopLeftovers(workDir, QUIET);

            assertThat(stopped).isEqualTo(1);
            assertThat(leftover.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(unrelated.isAlive()).as("a process whose command line is not the service's").isTrue();
            assertThat(workDir.resolve("services.pids")).doesNotExist();
        } finally {
            leftover.destroyForcibly();
            unrelated.destroyForcibly();
        }
    }

    private static Path workDir(String prefix) throws IOException {
        return Files.createTempDirectory(Path.of("target"), prefix).toAbsolutePath();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
