package io.threatloop.scanner;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.threatloop.testsupport.RecordedSpans;
import io.threatloop.testsupport.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.observation.ObservationEvent;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.runtime.GitRepository;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.threatloop.scanner.persistence.SourceStateStore;
import jakarta.inject.Inject;
import io.threatloop.runtime.RecordedEvent;
import io.threatloop.runtime.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.quarkus.test.common.http.TestHTTPResource;
import io.threatloop.scanner.webhook.WebhookSignatures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** scanner-service polls a real git repository and publishes to a real Kafka broker. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ScannerFlowTest.SourceRepository.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ScannerFlowTest {

    /** Creates the watched repository before the scanner boots and points the scanner at it. */
    public static class SourceRepository implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Path dir = Files.createTempDirectory("scanner-flow");
                GitRepository.init(dir.resolve("accounts")).close();
                GitRepository.init(dir.resolve("hostile")).close();
                GitRepository.init(dir.resolve("neighbour")).close();
                System.setProperty("threatloop.test.repo", dir.resolve("accounts").toString());
                System.setProperty("threatloop.test.hostile-repo", dir.resolve("hostile").toString());
                System.setProperty("threatloop.test.neighbour-repo", dir.resolve("neighbour").toString());
                return Map.of(
                        "threatloop.scanner.sources.accounts.url", dir.resolve("accounts").toUri().toString(),
                        "threatloop.scanner.sources.hostile.url", dir.resolve("hostile").toUri().toString(),
                        "threatloop.scanner.sources.neighbour.url", dir.resolve("neighbour").toUri().toString(),
                        // above the 5,000-operation observation (8.0 M characters), below the 6,000-operation one
                        // told against those 5,000 (8.7 M)
                        "threatloop.scanner.max-observation-bytes", "8300000",
                        "threatloop.scanner.stale-after", "5s",
                        "threatloop.scanner.poll-interval", "0.3s",
                        "threatloop.scanner.webhooks.github-secret", GITHUB_SECRET,
                        "threatloop.scanner.webhooks.gitlab-token", GITLAB_TOKEN,
                        "threatloop.scanner.work-dir", dir.resolve("work").toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
        }
    }

    static final String GITHUB_SECRET = "github-webhook-secret";
    static final String GITLAB_TOKEN = "gitlab-webhook-token";

    private static TopicRecorder recorder;
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    SourceStateStore store;

    @Inject
    RecordedSpans spans;

    @TestHTTPResource("/webhooks")
    URI webhooks;

    @BeforeAll
    static void record() {
        recorder = new TopicRecorder(TestServers.kafka(), List.of(Topics.API_OBSERVATIONS));
    }

    @AfterAll
    static void stop() {
        recorder.close();
    }

    @Test
    void everyCommitThatTouchesASpecIsPublishedInOrderKeyedByApplication() {
        try (GitRepository repo = GitRepository.open(Path.of(System.getProperty("threatloop.test.repo")))) {
            String first = repo.commit("openapi.yaml", """
                    openapi: 3.0.3
                    info: {title: Accounts, version: "1.0"}
                    paths:
                      /accounts/{id}:
                        get:
                          responses: {"200": {description: ok}}
                    """, "first");
            String broken = repo.commit("openapi.yaml", "openapi: 3.0.3\n  info: [\n", "broken");

            await().atMost(Duration.ofSeconds(30)).until(() -> fromAccounts().size() >= 2);
            List<RecordedEvent> events = fromAccounts();
            assertThat(events).extracting(RecordedEvent::key).containsOnly("accounts");
            assertThat(events.get(0).data(SpecObserved.class).source().revision()).isEqualTo(first);
            assertThat(events.get(0).event().causationid()).isEqualTo(first);
            assertThat(events.get(1).data(ScanFailed.class).source().revision()).isEqualTo(broken);
            assertThat(events.get(1).data(ScanFailed.class).reason()).startsWith("invalid YAML/JSON");
            assertThat(events).extracting(e -> e.event().id()).doesNotHaveDuplicates();

            // one trace per commit: the observation's span under the commit's scan, which starts the trace
            String traced = events.get(0).event().traceparent();
            assertThat(events.get(1).event().traceId()).isNotEqualTo(events.get(0).event().traceId());
            await().atMost(Duration.ofSeconds(10)).until(() -> spans.ofTrace(events.get(0).event().traceId()).size() >= 2);
            SpanData published = spans.madeFor(traced).orElseThrow();
            assertThat(published.getName()).isEqualTo("scanner-service publish");
            SpanData scanned = spans.withId(published.getParentSpanId()).orElseThrow();
            assertThat(scanned.getName()).isEqualTo("scanner-service scan commit");
            assertThat(scanned.getParentSpanContext().isValid()).as("a new trace per commit").isFalse();

            // what a restarted scanner continues from: the last commit, and where the last good
            // surface was read (the first commit's, not the broken one's)
            await().atMost(Duration.ofSeconds(10)).until(() -> broken.equals(store.load("accounts").lastCommit()));
            assertThat(store.load("accounts").readAt()).containsExactly(java.util.Map.entry("openapi.yaml", first));

            // how far a scan has come, for `up` to show a long replay advancing
            String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
            assertThat(metrics).containsPattern("threatloop_scanner_source_commits_done\\{source=\"accounts\"} [12]\\.0")
                    .containsPattern("threatloop_scanner_source_commits_total\\{source=\"accounts\"} [12]\\.0")
                    .containsPattern("threatloop_scanner_source_polls_total\\{source=\"accounts\"} [1-9]");
        }
    }

    /** What was published for the accounts repository (other tests publish for theirs). */
    private static List<RecordedEvent> fromAccounts() {
        String url = Path.of(System.getProperty("threatloop.test.repo")).toUri().toString();
        return recorder.matching(r -> r.event() != null
                && r.event().data() instanceof ObservationEvent observation
                && url.equals(observation.source().repository()));
    }

    private HttpResponse<String> post(String path, String header, String value, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhooks + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String pushPayload() {
        String url = Path.of(System.getProperty("threatloop.test.repo")).toUri().toString();
        return "{\"ref\":\"refs/heads/main\",\"repository\":{\"clone_url\":\"" + url + "\"},"
                + "\"project\":{\"git_http_url\":\"" + url + "\"}}";
    }

    @Test
    void aPushWebhookWithoutAValidSignatureIsRefusedAndScansNothing() throws Exception {
        String body = pushPayload();
        HttpResponse<String> missing = post("/github", null, null, body);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        String forged = "sha256=" + HexFormat.of().formatHex(WebhookSignatures.hmacSha256("guessed", body.getBytes()));
        assertThat(post("/github", "X-Hub-Signature-256", forged, body).statusCode()).isEqualTo(401);
        assertThat(post("/gitlab", "X-Gitlab-Token", "wrong", body).statusCode()).isEqualTo(401);
        assertThat(post("/gitlab", null, null, body).statusCode()).isEqualTo(401);
    }

    @Test
    void aSignedPushWebhookScansTheMatchingSource() throws Exception {
        String body = pushPayload();
        String signature = "sha256=" + HexFormat.of().formatHex(WebhookSignatures.hmacSha256(GITHUB_SECRET,
                body.getBytes()));
        HttpResponse<String> github = post("/github", "X-Hub-Signature-256", signature, body);
        assertThat(github.statusCode()).isEqualTo(202);
        assertThat(github.body()).contains("\"accounts\"");
        HttpResponse<String> gitlab = post("/gitlab", "X-Gitlab-Token", GITLAB_TOKEN, body);
        assertThat(gitlab.statusCode()).isEqualTo(202);
        assertThat(gitlab.body()).contains("\"accounts\"");
        HttpResponse<String> other = post("/gitlab", "X-Gitlab-Token", GITLAB_TOKEN,
                "{\"project\":{\"git_http_url\":\"https://git.example.com/other.git\"}}");
        assertThat(other.body()).isEqualTo("{\"sources\":[]}");
    }

    /** 50 replays of one signed delivery were all accepted, each queueing a scan on an unbounded queue. */
    @Test
    void aReplayedDeliveryIsRecognisedAndScansNothing() throws Exception {
        String body = pushPayload().replace("refs/heads/main", "refs/heads/main\",\"after\":\"" + java.util.UUID.randomUUID());
        String signature = "sha256=" + HexFormat.of().formatHex(WebhookSignatures.hmacSha256(GITHUB_SECRET,
                body.getBytes()));
        HttpResponse<String> first = post("/github", "X-Hub-Signature-256", signature, body);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).contains("\"accounts\"");
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> replay = post("/github", "X-Hub-Signature-256", signature, body);
            assertThat(replay.statusCode()).isEqualTo(200);
            assertThat(replay.body()).contains("received before").doesNotContain("accounts");
        }
        // the same push through the other sender is its own delivery
        assertThat(post("/gitlab", "X-Gitlab-Token", GITLAB_TOKEN, body).statusCode()).isEqualTo(202);
    }
}
