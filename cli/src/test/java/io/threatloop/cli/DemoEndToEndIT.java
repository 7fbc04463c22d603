package io.threatloop.cli;

import io.threatloop.cli.demo.DemoStory;
import io.threatloop.cli.stack.ServiceProcess;
import io.threatloop.cli.stack.Stack;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.runtime.GitRepository;
import io.threatloop.runtime.RecordedEvent;
import io.threatloop.runtime.TopicRecorder;
import io.threatloop.testsupport.RecordingHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The four packaged services as separate processes against a real Kafka broker and a real
 * PostgreSQL: the demo history flows through all of them, every event arrives once, and each
 * risk change traces back to its commit, in one trace per commit exported over OTLP.
 */
class DemoEndToEndIT {

    private static Stack stack;
    private static TopicRecorder recorder;
    private static GitRepository repository;
    private static List<DemoStory.StepResult> results;
    private static List<ServiceProcess> processes;
    private static RecordingHttpServer spanExports;

    @BeforeAll
    static void playTheDemo() throws Exception {
        Path home = Path.of("").toAbsolutePath().getParent();
        Path workDir = Files.createTempDirectory(Path.of("target"), "e2e-").toAbsolutePath();
        repository = GitRepository.init(workDir.resolve("demo-repo"));
        PrintStream out = System.out;
        spanExports = RecordingHttpServer.start();
        stack = Stack.prepare(workDir, new Stack.Options(true, null, Stack.Options.DEFAULT_FIRST_PORT, Map.of(
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.endpoint", spanExports.url(""),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "200ms")));
        stack.start(home, Map.of(
                "threatloop.scanner.sources.demo.url", repository.url(),
                "threatloop.scanner.sources.demo.application", DemoStory.APPLICATION,
                "threatloop.scanner.poll-interval", "1s"), out);
        processes = stack.services();
        recorder = new TopicRecorder(stack.kafkaClientProperties(), Topics.ALL_WITH_DEAD_LETTERS);
        results = DemoStory.play(repository, recorder, Duration.ofSeconds(90), out);
    }

    @AfterAll
    static void stopEverything() {
        if (recorder != null) {
            recorder.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (repository != null) {
            repository.close();
        }
        if (spanExports != null) {
            spanExports.close();
        }
    }

    @Test
    void everyExpectedEventArrivesForEveryCommit() {
        assertThat(results).hasSize(DemoStory.STEPS.size());
        for (DemoStory.StepResult result : results) {
            assertThat(result.missing()).as("missing events after commit '%s'", result.step().title()).isEmpty();
        }
    }

    @Test
    void theBrokenCommitIsReportedWithItsReasonAndLocation() {
        String broken = results.get(2).commitId();
        RecordedEvent failed = recorder.matching(r -> r.is("ScanFailed") && broken.equals(r.event().causationid()))
                .get(0);
        assertThat(failed.value()).contains("invalid YAML/JSON").contains("openapi.yaml:");
        assertThat(recorder.matching(r -> r.topic().endsWith(".dlq"))).isEmpty();
    }

    @Test
    void everyRiskChangeTracesBackToItsCommit() {
        List<RecordedEvent> riskChanges = recorder.ofType("RiskChanged");
        // one per identified and one per resolved threat: the rule catalogue decides how many
        assertThat(riskChanges).hasSize(recorder.ofType("ThreatIdentified").size()
                + recorder.ofType("ThreatResolved").size());
        List<String> commits = results.stream().map(DemoStory.StepResult::commitId).toList();
        for (RecordedEvent risk : riskChanges) {
            RecordedEvent modelEvent = byId(risk.event().causationid(), Topics.THREATMODEL_EVENTS).orElseThrow();
            assertThat(modelEvent.event().type()).isIn("ThreatIdentified", "ThreatResolved");
            RecordedEvent observation = byId(modelEvent.event().causationid(), Topics.API_OBSERVATIONS).orElseThrow();
            assertThat(observation.event().type()).isEqualTo("SpecObserved");
            String commit = observation.event().causationid();
            assertThat(commits).contains(commit);
            assertThat(risk.data(RiskChanged.class).causes()).extracting(c -> c.kind() + ":" + c.id())
                    .containsExactly("model-event:" + modelEvent.event().id(),
                            "observation:" + observation.event().id(), "revision:" + commit);
        }
    }

    @Test
    void oneCommitIsOneTraceFromItsObservationToTheRiskChangesAndReviewTask() {
        List<RecordedEvent> riskChanges = recorder.ofType("RiskChanged");
        assertThat(riskChanges).isNotEmpty();
        for (RecordedEvent risk : riskChanges) {
            RecordedEvent modelEvent = byId(risk.event().causationid(), Topics.THREATMODEL_EVENTS).orElseThrow();
            RecordedEvent observation = byId(modelEvent.event().causationid(), Topics.API_OBSERVATIONS).orElseThrow();
            assertThat(observation.event().traceId()).as("the scanner starts a trace").isNotNull();
            assertThat(List.of(modelEvent.event().traceId(), risk.event().traceId()))
                    .containsOnly(observation.event().traceId());
            assertThat(List.of(modelEvent.event().traceparent(), risk.event().traceparent()))
                    .as("each hop in a span of its own").doesNotHaveDuplicates()
                    .doesNotContain(observation.event().traceparent());
        }
        for (RecordedEvent task : recorder.ofType("ReviewTaskRaised")) {
            RecordedEvent cause = recorder.matching(r -> r.event() != null && !r.topic().equals(Topics.REVIEW_TASKS)
                    && r.event().id().equals(task.event().causationid())).get(0);
            assertThat(task.event().traceId()).isEqualTo(cause.event().traceId());
        }
        List<String> commitTraces = recorder.matching(r -> r.topic().equals(Topics.API_OBSERVATIONS) && r.event() != null)
                .stream().collect(java.util.stream.Collectors.groupingBy(r -> r.event().causationid(),
                        java.util.stream.Collectors.mapping(r -> r.event().traceId(), java.util.stream.Collectors.toSet())))
                .values().stream().map(traces -> {
                    assertThat(traces).as("one trace per commit").hasSize(1);
                    return traces.iterator().next();
                }).toList();
        assertThat(commitTraces).doesNotHaveDuplicates();

        // tracing switched on by configuration: every service exports its spans over OTLP
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(spanExports.requests(
                r -> r.path().equals("/v1/traces")).stream().map(RecordingHttpServer.Request::body)
                .collect(java.util.stream.Collectors.joining())).contains("scanner-service", "model-service",
                        "risk-service", "notifier-service"));
    }

    @Test
    void nothingIsPublishedTwice() {
        List<RecordedEvent> events = recorder.matching(r -> r.event() != null);
        assertThat(events).extracting(r -> r.event().id()).doesNotHaveDuplicates();
        assertThat(recorder.ofType("ModelCreated")).hasSize(1);
        assertThat(recorder.ofType("ReviewTaskRaised")).hasSize(1);
        // the story's authentication threat: identified, resolved, identified on the new operation
        assertThat(recorder.ofType("ThreatIdentified")).filteredOn(r -> r.value().contains("\"API2-NO-AUTH\""))
                .hasSize(2);
        assertThat(recorder.ofType("ThreatResolved")).hasSize(1);
        assertThat(recorder.ofType("SpecObserved")).hasSize(3);
        assertThat(recorder.ofType("ScanFailed")).hasSize(1);
    }

    @Test
    void theServicesRanAsSeparateProcesses() {
        assertThat(processes).hasSize(4).allSatisfy(p -> assertThat(p.pid()).isNotEqualTo(ProcessHandle.current().pid()));
        assertThat(processes).extracting(ServiceProcess::pid).doesNotHaveDuplicates();
    }

    @Test
    void everyServiceServesHealthMetricsAndItsOpenApiDocument() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (ServiceProcess service : processes) {
            assertThat(get(http, service.baseUrl() + "/q/health/ready").statusCode()).as(service.name()).isEqualTo(200);
            HttpResponse<String> metrics = get(http, service.baseUrl() + "/q/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).as("Prometheus metrics of %s", service.name()).contains("jvm_memory_used_bytes");
            HttpResponse<String> openapi = get(http, service.baseUrl() + "/q/openapi");
            assertThat(openapi.statusCode()).isEqualTo(200);
            assertThat(openapi.body()).contains("threatloop " + service.name());
        }
    }

    @Test
    void theModelApiAnswersOnlyWithATokenFromTheRealm() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String models = processes.stream().filter(p -> p.name().equals("model-service")).findFirst().orElseThrow()
                .baseUrl() + "/api/models/" + DemoStory.APPLICATION;
        assertThat(get(http, models).statusCode()).isEqualTo(401);

        String form = "grant_type=password&client_id=threatloop-cli&username=" + stack.admin().username()
                + "&password=" + stack.admin().password();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(stack.issuer()
                        + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).isEqualTo(200);
        String accessToken = token.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");

        HttpResponse<String> model = http.send(HttpRequest.newBuilder(URI.create(models))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(model.body()).contains("\"applicationId\":\"" + DemoStory.APPLICATION + "\"");
    }

    /** `up` once passed the database password in arguments, which every user of the machine can read. */
    @Test
    void noProcessOfTheStackHasAPasswordInItsArguments() throws Exception {
        java.util.Properties credentials = new java.util.Properties();
        try (var in = Files.newInputStream(stack.workDir().resolve("credentials.properties"))) {
            credentials.load(in);
        }
        assertThat(Files.getPosixFilePermissions(stack.workDir().resolve("credentials.properties")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(credentials.stringPropertyNames()).contains("postgres", "kafka", "keycloak-admin", "threatloop-admin");
        List<String> ours = ProcessHandle.current().descendants().map(DemoEndToEndIT::commandLine)
                .filter(line -> !line.isBlank()).toList();
        assertThat(ours).as("Kafka, Keycloak and the four services (PostgreSQL runs detached, started by pg_ctl)")
                .hasSizeGreaterThanOrEqualTo(6)
                .anySatisfy(line -> assertThat(line).contains("quarkus-run.jar"))
                .anySatisfy(line -> assertThat(line).contains("kafka.Kafka"))
                .anySatisfy(line -> assertThat(line).contains("keycloak"));
        List<String> everyProcess = ProcessHandle.allProcesses().map(DemoEndToEndIT::commandLine).toList();
        assertThat(everyProcess).as("PostgreSQL among them").anySatisfy(line -> assertThat(line)
                .contains("postgres").contains(stack.workDir().toString()));
        for (String password : credentials.stringPropertyNames().stream().map(credentials::getProperty).toList()) {
            assertThat(everyProcess).noneMatch(line -> line.contains(password));
        }
    }

    /** /proc/<pid>/cmdline in full, as `ps` shows it to every user (ProcessHandle.Info cuts it short). */
    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException ended) {
            return "";
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<RecordedEvent> byId(String id, String topic) {
        return recorder.matching(r -> r.event() != null && r.topic().equals(topic) && r.event().id().equals(id))
                .stream().findFirst();
    }
}
