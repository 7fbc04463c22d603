package io.threatloop.scanner.git;

import io.threatloop.testsupport.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.runtime.EmbeddedKeycloak;
import io.threatloop.runtime.GitRepository;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.runtime.KeycloakAdmin;
import io.threatloop.testsupport.KeycloakTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.threatloop.runtime.RecordedEvent;
import io.threatloop.runtime.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** The sources API against a real Keycloak, a real Kafka and a real PostgreSQL, with real git repositories. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = false)
class SourceApiTest {

    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String TOKEN = "ghp_" + UUID.randomUUID().toString().replace("-", "");

    private static KeycloakAdmin realm;

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource database;
    private static TopicRecorder recorder;

    @BeforeEach
    void setUp() {
        if (realm == null) {
            realm = TestServers.keycloak().admin(EmbeddedKeycloak.REALM)
                    .user("sam", PASSWORD, List.of(), List.of("admin"))
                    .user("vera", PASSWORD, List.of("payments"), List.of("viewer"))
                    .user("nobody", PASSWORD, List.of(), List.of("viewer"));
            recorder = new TopicRecorder(TestServers.kafka(), List.of(Topics.API_OBSERVATIONS));
        }
    }

    @AfterAll
    static void tearDown() {
        if (recorder != null) {
            recorder.close();
        }
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(realm.passwordToken("threatloop-cli", user, PASSWORD)).contentType("application/json");
    }

    private static GitRepository repositoryWithASpec(String name) throws Exception {
        GitRepository repo = GitRepository.init(Files.createTempDirectory("sources-api").resolve(name));
        repo.commit("openapi.yaml", """
                openapi: 3.0.3
                info: {title: Payments, version: "1.0"}
                paths:
                  /payments/{id}:
                    get:
                      responses: {"200": {description: ok}}
                """, "first");
        return repo;
    }

    private static Map<String, Object> source(String url, String... more) {
        Map<String, Object> body = new HashMap<>(Map.of("url", url));
        for (int i = 0; i < more.length; i += 2) {
            body.put(more[i], more[i + 1]);
        }
        return body;
    }

    @Test
    void anAdministratorAddsASourceWhichIsScannedAndItsTokenIsNeverShown() throws Exception {
        String app = "payments-" + UUID.randomUUID();
        try (GitRepository repo = repositoryWithASpec("payments")) {
            String url = repo.dir().toUri().toString();
            String created = as("sam").body(source(url, "application", app, "team", "payments", "token", TOKEN,
                            "pollInterval", "10m"))
                    .put("/api/sources/payments").then().statusCode(201)
                    .body("origin", equalTo("api")).body("credentials", equalTo("token"))
                    .body("pollInterval", equalTo("PT10M"))
                    .extract().asString();
            assertThat(created).doesNotContain(TOKEN);
            try (var connection = database.getConnection(); var select = connection.createStatement();
                 var rows = select.executeQuery("select token from source_definitions where source_name = 'payments'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).as("stored encrypted").startsWith("v1:test-key:").doesNotContain(TOKEN);
            }

            // first poll is immediate; a scan on demand finds nothing new after it
            await().atMost(Duration.ofSeconds(30)).until(() -> !published(app).isEmpty());
            RecordedEvent observed = published(app).get(0);
            assertThat(observed.data(SpecObserved.class).surface().operations()).hasSize(1);
            assertThat(observed.value()).doesNotContain(TOKEN);
            as("sam").post("/api/sources/payments/scan").then().statusCode(200).body("commits", equalTo(0));

            String listed = as("vera").get("/api/sources").then().statusCode(200)
                    .body("name", hasItem("payments")).body("find { it.name == 'payments' }.team", equalTo("payments"))
                    .body("find { it.name == 'payments' }.lastCommit", equalTo(observed.event().causationid()))
                    .extract().asString();
            assertThat(listed).doesNotContain(TOKEN);

            // changing it without a token keeps the stored one
            as("sam").body(source(url, "application", app, "team", "payments")).put("/api/sources/payments").then()
                    .statusCode(200).body("credentials", equalTo("token"));

            as("sam").delete("/api/sources/payments").then().statusCode(204);
            as("sam").get("/api/sources/payments").then().statusCode(404).contentType("application/problem+json");
            as("sam").delete("/api/sources/payments").then().statusCode(404);
            as("vera").get("/api/sources").then().body("name", not(hasItem("payments")));
        }
    }

    @Test
    void aSourceThatCannotBePolledShowsItsErrorAndTurnsReadinessDownUntilItIsRemoved() throws Exception {
        String missing = Files.createTempDirectory("sources-api").resolve("no-such-repository").toUri().toString();
        as("sam").body(source(missing)).put("/api/sources/unreachable").then().statusCode(201);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("sam").get("/api/sources/unreachable").then()
                .statusCode(200)
                .body("status.state", equalTo("failing"))
                .body("status.lastError", org.hamcrest.Matchers.containsString("cannot scan"))
                .body("status.lastSuccess", org.hamcrest.Matchers.nullValue()));
        // the other sources still complete their polls
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("sam").get("/api/sources/accounts").then()
                .body("status.lastSuccess", org.hamcrest.Matchers.notNullValue()));

        // stale after 5 s in these tests: readiness names it, with its error
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'git-sources' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'git-sources' }.data.unreachable",
                        org.hamcrest.Matchers.containsString("cannot scan")));
        as("sam").get("/api/sources/unreachable").then().body("stale", equalTo(true));
        given().get("/q/health/live").then().body("checks.find { it.name == 'git-poller' }.status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("threatloop_scanner_source_lag_seconds{source=\"unreachable\"}"))
                .body(org.hamcrest.Matchers.containsString("threatloop_scanner_source_failures_total{source=\"unreachable\"}"));

        as("sam").delete("/api/sources/unreachable").then().statusCode(204);
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'git-sources' }.data.unreachable", org.hamcrest.Matchers.nullValue());
    }

    private static List<RecordedEvent> published(String app) {
        return recorder.matching(r -> app.equals(r.key()) && r.is("SpecObserved"));
    }

    @Test
    void onlyAdministratorsChangeSourcesAndEveryoneNeedsAToken() {
        given().get("/api/sources").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").body(source("https://github.com/acme/a.git"))
                .put("/api/sources/acme").then().statusCode(401);
        as("vera").body(source("https://github.com/acme/a.git")).put("/api/sources/acme").then().statusCode(403);
        as("vera").delete("/api/sources/accounts").then().statusCode(403);
        as("vera").post("/api/sources/accounts/scan").then().statusCode(403);
    }

    @Test
    void sourcesThatWouldMakeTheScannerFetchSomethingItShouldNotAreRefused() {
        Map<String, String> refused = Map.of(
                "https://user:secret@github.com/acme/a.git", "url",
                "http://github.com/acme/a.git", "url",
                "https://127.0.0.1/a.git", "url",
                "https://169.254.169.254/latest/meta-data/", "url",
                "https://kubernetes.default.svc/api", "url",
                "https://localhost.:8443/a.git", "url",
                "https://0177.0.0.1/a.git", "url",
                "https://[::127.0.0.1]/a.git", "url");
        refused.forEach((url, field) -> as("sam").body(source(url)).put("/api/sources/bad").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field)));
        as("sam").body(source("https://github.com/acme/a.git", "pollInterval", "1s")).put("/api/sources/bad")
                .then().statusCode(400).body("errors[0].field", equalTo("pollInterval"));
        as("sam").body(source("https://github.com/acme/a.git", "branch", "../../etc")).put("/api/sources/bad")
                .then().statusCode(400).body("errors[0].field", equalTo("branch"));
        as("sam").body(source("https://github.com/acme/a.git", "tokenUser", "u".repeat(100_000))).put("/api/sources/bad")
                .then().statusCode(400).body("errors[0].field", equalTo("tokenUser"));
        as("sam").body(source("https://github.com/acme/" + "a".repeat(3000) + ".git")).put("/api/sources/bad")
                .then().statusCode(400).body("errors[0].field", equalTo("url"));
        as("sam").body(source("https://github.com/acme/a.git")).put("/api/sources/Bad_Name").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        as("sam").get("/api/sources/bad").then().statusCode(404);
        // a source from configuration is changed in configuration
        as("sam").body(source("https://github.com/acme/a.git")).put("/api/sources/accounts").then().statusCode(409);
        as("sam").delete("/api/sources/accounts").then().statusCode(409);
    }

    /** Any viewer, even one with no team, saw every team's repository URLs and application ids. */
    @Test
    void aViewerSeesOnlyTheSourcesOfTheirTeams() {
        as("sam").body(source("https://github.com/acme/pay.git", "team", "payments")).put("/api/sources/pay-src")
                .then().statusCode(201);
        as("sam").body(source("https://github.com/acme/id.git", "team", "identity")).put("/api/sources/id-src")
                .then().statusCode(201);
        try {
            as("vera").get("/api/sources").then().statusCode(200)
                    .body("name", hasItem("pay-src")).body("name", not(hasItem("id-src")))
                    .body("name", not(hasItem("accounts"))); // configured without a team: administrators only
            as("vera").get("/api/sources/id-src").then().statusCode(404).contentType("application/problem+json");
            as("vera").get("/api/sources/accounts").then().statusCode(404);
            as("nobody").get("/api/sources").then().statusCode(200).body("$", org.hamcrest.Matchers.empty());
            as("sam").get("/api/sources").then().body("name", hasItem("id-src")).body("name", hasItem("accounts"));
            as("sam").body(source("https://github.com/acme/id.git", "team", "Not A Team")).put("/api/sources/id-src")
                    .then().statusCode(400).body("errors[0].field", equalTo("team"));
        } finally {
            as("sam").delete("/api/sources/pay-src");
            as("sam").delete("/api/sources/id-src");
        }
    }

    /** A stored token went to whatever host the source was changed to next. */
    @Test
    void aStoredTokenIsNeverSentToAnotherUrl() {
        as("sam").body(source("https://github.com/acme/tok.git", "token", TOKEN)).put("/api/sources/tok")
                .then().statusCode(201).body("credentials", equalTo("token"));
        try {
            as("sam").body(source("https://evil.example.com/acme/tok.git")).put("/api/sources/tok")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("token"));
            as("sam").get("/api/sources/tok").then().body("url", equalTo("https://github.com/acme/tok.git"))
                    .body("credentials", equalTo("token"));
            // the same URL keeps it; another URL with a token of its own is fine
            as("sam").body(source("https://github.com/acme/tok.git", "branch", "dev")).put("/api/sources/tok")
                    .then().statusCode(200).body("credentials", equalTo("token"));
            as("sam").body(source("https://gitlab.com/acme/tok.git", "token", "glpat-other")).put("/api/sources/tok")
                    .then().statusCode(200).body("credentials", equalTo("token"));
        } finally {
            as("sam").delete("/api/sources/tok");
        }
    }
}
