package io.threatloop.risk.register;

import io.threatloop.testsupport.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatMarkedFalsePositive;
import io.threatloop.runtime.EmbeddedKeycloak;
import io.threatloop.testsupport.KafkaTestClient;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.runtime.KeycloakAdmin;
import io.threatloop.testsupport.KeycloakTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** The risk register API against a real Keycloak: authenticated, and each team sees its own models. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = false)
class RiskRegisterApiTest {

    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();
    private static final String CLI = "threatloop-cli";

    private static KeycloakAdmin realm;
    private static KafkaTestClient kafka;
    private static String paymentsApp;
    private static String identityApp;

    /** Once per class, in a @BeforeEach: Quarkus points RestAssured at the test port only before each test. */
    @BeforeEach
    void setUp() {
        if (realm != null) {
            return;
        }
        realm = TestServers.keycloak().admin(EmbeddedKeycloak.REALM)
                .user("rita", PASSWORD, List.of("payments"), List.of("viewer"))
                .user("ida", PASSWORD, List.of("identity"), List.of("viewer"))
                .user("root", PASSWORD, List.of(), List.of("admin"));
        kafka = KafkaTestClient.recording(List.of(Topics.RISK_CHANGES));
        paymentsApp = model("payments-" + UUID.randomUUID(), "payments");
        identityApp = model("identity-" + UUID.randomUUID(), "identity");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("root").get("/api/risks/models?size=200")
                .then().statusCode(200).body("items.applicationId", hasItem(identityApp)));
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    private static String model(String app, String team) {
        send(new OwnerTeamAssigned(app, 2, team, null, "test"));
        send(unauthenticated(app, 3, "t-" + app));
        return app;
    }

    private static ThreatIdentified unauthenticated(String app, long version, String threatId) {
        return new ThreatIdentified(app, version, threatId, "API2-NO-AUTH", "Operation without authentication",
                "API2:2023", "Spoofing", "CWE-306", "GET /accounts/{}", List.of("no security"),
                new ThreatContext(false, "internet"), null);
    }

    private static void send(io.threatloop.contracts.model.ModelEvent event) {
        Envelope<?> envelope = Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), null, null, event);
        kafka.send(Topics.THREATMODEL_EVENTS, envelope.subject(), EventCodec.encode(envelope));
    }

    private static byte[] yaml(String document) {
        return document.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(realm.passwordToken(CLI, user, PASSWORD));
    }

    @Test
    void aNewerPolicyRescoresEveryThreatAndAnInvalidOneIsRefusedWithTheFieldNamed() throws Exception {
        String inForce = as("rita").get("/api/risks/policy").then().statusCode(200).extract().path("document");
        int version = as("rita").get("/api/risks/policy").then().extract().path("version");
        as("rita").contentType("application/yaml").body(yaml("version: " + (version + 1)))
.put("/api/risks/policy")
                .then().statusCode(403);
        as("root").contentType("application/yaml")
                .body(yaml("version: " + (version + 1) + "\nrules: {internet-exposure: {raise: {size: 12}}}"))
.put("/api/risks/policy").then().statusCode(400)
                .body("errors[0].field", equalTo("rules.internet-exposure.raise.size"));
        as("root").contentType("application/yaml").body(yaml("version: " + version))
.put("/api/risks/policy")
                .then().statusCode(409);
        // a 10 MB policy once held an event loop for 51 s: now refused before it is parsed (and bodies over
        // 1 MiB before they are read)
        String padding = "\n# " + "x".repeat(1000);
        as("root").contentType("application/yaml").body(yaml("version: " + (version + 1) + padding.repeat(300)))
                .put("/api/risks/policy").then().statusCode(400).body("errors[0].field", equalTo("body"));

        // a policy without the exposure and authentication rules lowers both models' threats
        try {
            int changes = as("root").contentType("application/yaml")
                    .body(yaml("version: " + (version + 1) + "\nrules: {}"))
                    .put("/api/risks/policy").then().statusCode(200).body("version", equalTo(version + 1))
                    .extract().path("riskChanges");
            org.assertj.core.api.Assertions.assertThat(changes).isGreaterThanOrEqualTo(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.recorder().matching(r ->
                    paymentsApp.equals(r.key()) && r.is("RiskChanged") && r.value().contains("\"kind\":\"policy\""))
                    .isEmpty());
            as("rita").get("/api/risks/models/" + paymentsApp).then().statusCode(200)
                    .body("items[0].rating.factors.opportunity", equalTo(7));
        } finally {
            // back to the rules in force before, as a newer version: the other tests score with them
            as("root").contentType("application/yaml")
                    .body(yaml(inForce.replaceFirst("(?m)^version: \\d+", "version: " + (version + 2))))
                    .put("/api/risks/policy").then().statusCode(200);
        }
        as("rita").get("/api/risks/models/" + paymentsApp).then().body("items[0].rating.factors.opportunity", equalTo(9));
    }

    @Test
    void anAcceptedRiskKeepsItsRatingButStopsCountingUntilItExpiresAndTheTrendShowsEachStep() {
        String app = model("payments-accepted-" + UUID.randomUUID(), "payments");
        // each step its own point: a point is recorded per transaction, so wait for one before the next
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("rita").get("/api/risks/models?size=200").then()
                .body("items.find { it.applicationId == '" + app + "' }.counts.HIGH", equalTo(1)));
        send(unauthenticated(app, 4, "t2-" + app));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("rita").get("/api/risks/models?size=200").then()
                .body("items.find { it.applicationId == '" + app + "' }.counts.HIGH", equalTo(2)));

        send(new RiskAccepted(app, 5, "t-" + app, "compensated by the gateway", Instant.now().plusSeconds(86400),
                "rita"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("rita").get("/api/risks/models?size=200").then()
                .body("items.find { it.applicationId == '" + app + "' }.setAside", equalTo(1)));
        send(new ThreatMarkedFalsePositive(app, 6, "t2-" + app, "internal health probe",
                Instant.now().plusSeconds(4), "rita"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("rita").get("/api/risks/models?size=200").then()
                .body("items.find { it.applicationId == '" + app + "' }.counts.HIGH", equalTo(0))
                .body("items.find { it.applicationId == '" + app + "' }.setAside", equalTo(2))
                .body("items.find { it.applicationId == '" + app + "' }.highestSeverity", equalTo(null)));
        as("rita").get("/api/risks/models/" + app).then().statusCode(200)
                .body("items.find { it.threatId == 't-" + app + "' }.standing", equalTo("accepted"))
                .body("items.find { it.threatId == 't-" + app + "' }.justification", equalTo("compensated by the gateway"))
                .body("items.find { it.threatId == 't-" + app + "' }.severity", equalTo("HIGH"));

        // the false positive's standing expires: it counts again, with the rating it kept
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("rita").get("/api/risks/models?size=200").then()
                .body("items.find { it.applicationId == '" + app + "' }.counts.HIGH", equalTo(1))
                .body("items.find { it.applicationId == '" + app + "' }.setAside", equalTo(1)));
        as("rita").get("/api/risks/models/" + app).then()
                .body("items.find { it.threatId == 't2-" + app + "' }.standing", equalTo(null));

        // a standing moves no rating: nothing published for it (the next threat's change is, in order)
        send(unauthenticated(app, 7, "t3-" + app));
        await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.recorder().matching(r ->
                app.equals(r.key()) && r.value().contains("t3-" + app)).isEmpty());
        org.assertj.core.api.Assertions.assertThat(kafka.recorder().matching(r -> app.equals(r.key())
                && (r.value().contains("RiskAccepted") || r.value().contains("ThreatMarkedFalsePositive")))).isEmpty();

        as("rita").get("/api/risks/models/" + app + "/trend").then().statusCode(200)
                .body("counts.HIGH", equalTo(List.of(1, 2, 1, 0, 2)))
                .body("setAside", equalTo(List.of(0, 0, 1, 2, 1)))
                .body("highestSeverity", equalTo(java.util.Arrays.asList("HIGH", "HIGH", "HIGH", null, "HIGH")));
        as("rita").get("/api/risks/models/" + app + "/trend?until=yesterday").then().statusCode(400)
                .body("errors[0].field", equalTo("until"));
        as("rita").get("/api/risks/models/" + app + "/trend?until=-999999999-01-01T00:00:00Z").then().statusCode(400)
                .body("errors[0].field", equalTo("until"));
        as("rita").get("/api/risks/models/" + identityApp + "/trend").then().statusCode(404);
    }

    @Test
    void modelsComeWorstFirstAndEveryListInPagesOfAtMost200() {
        as("root").get("/api/risks/models?size=201").then().statusCode(400).body("errors[0].field", equalTo("size"));
        as("root").get("/api/risks/models?page=-1").then().statusCode(400).body("errors[0].field", equalTo("page"));
        as("root").get("/api/risks/models/" + paymentsApp + "?size=0").then().statusCode(400)
                .body("errors[0].field", equalTo("size"));

        var all = as("root").get("/api/risks/models?size=200").then().statusCode(200).extract().jsonPath();
        List<String> severities = all.getList("items.highestSeverity");
        List<Integer> ranks = severities.stream().map(s -> s == null ? 5 : RiskRegisterResource.SEVERITIES.indexOf(s))
                .toList();
        org.assertj.core.api.Assertions.assertThat(ranks).as("highest severity first").isSorted();
        org.assertj.core.api.Assertions.assertThat(all.getLong("total")).isGreaterThanOrEqualTo(2);
        String second = all.getString("items[1].applicationId");
        as("root").get("/api/risks/models?page=1&size=1").then().statusCode(200)
                .body("items.applicationId", equalTo(List.of(second)))
                .body("page", equalTo(1)).body("size", equalTo(1)).body("total", equalTo(all.getInt("total")));

        int threats = as("rita").get("/api/risks/models/" + paymentsApp + "?size=1").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(1)).extract().path("total");
        as("rita").get("/api/risks/models/" + paymentsApp + "?page=" + threats + "&size=1").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.empty()).body("total", equalTo(threats));
        as("rita").get("/api/risks/models/" + identityApp + "?page=5").then().statusCode(404);
    }

    @Test
    void withoutATokenTheRegisterAnswers401() {
        given().get("/api/risks/models?size=200").then().statusCode(401);
        given().get("/api/risks/models/" + paymentsApp).then().statusCode(401);
        given().get("/api/risks/models/" + paymentsApp + "/trend").then().statusCode(401);
    }

    @Test
    void aTeamSeesItsModelsWithTheirHighestSeverityAndNotTheOthers() {
        as("rita").get("/api/risks/models?size=200").then().statusCode(200)
                .body("items.applicationId", hasItem(paymentsApp))
                .body("items.applicationId", not(hasItem(identityApp)))
                .body("items.find { it.applicationId == '" + paymentsApp + "' }.highestSeverity", equalTo("HIGH"))
                .body("items.find { it.applicationId == '" + paymentsApp + "' }.counts.HIGH", equalTo(1));
        as("rita").get("/api/risks/models/" + paymentsApp).then().statusCode(200)
                .body("items[0].ruleId", equalTo("API2-NO-AUTH"))
                .body("items[0].rating.factors.opportunity", equalTo(9))
                .body("items[0].adjustments.contextRule", hasItem("internet-exposure"))
                .body("items[0].causes[0].kind", equalTo("model-event"));
        as("rita").get("/api/risks/models/" + identityApp).then().statusCode(404);
        as("root").get("/api/risks/models/" + identityApp).then().statusCode(200);
    }

    /** An open stream kept its first ownership decision: the old team went on seeing a moved model. */
    @Test
    void anOpenStreamFollowsAModelMovedToAnotherTeam() throws Exception {
        String app = model("moving-" + UUID.randomUUID(), "payments");
        try (LiveStream payments = LiveStream.open("rita"); LiveStream identity = LiveStream.open("ida")) {
            java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong(10);
            // until a stream is connected and its consumer assigned a change may pass unseen: send another
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                send(unauthenticated(app, version.incrementAndGet(), "before-" + version.get() + "-" + app));
                return payments.saw("before-");
            });

            send(new OwnerTeamAssigned(app, version.incrementAndGet(), "identity", "payments", "root"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                send(unauthenticated(app, version.incrementAndGet(), "after-" + version.get() + "-" + app));
                return identity.saw("after-");
            });

            org.assertj.core.api.Assertions.assertThat(payments.lines()).as("the old team's stream after the move")
                    .noneMatch(line -> line.contains("after-"));
            // (a change made before the move but streamed after it goes to the new owner: the model is theirs now)
        }
    }

    /** {@code GET /api/risks/stream} read line by line as a browser's EventSource would. */
    private record LiveStream(List<String> lines,
                              java.util.concurrent.atomic.AtomicReference<java.util.stream.Stream<String>> body)
            implements AutoCloseable {

        static LiveStream open(String user) {
            LiveStream stream = new LiveStream(new java.util.concurrent.CopyOnWriteArrayList<>(),
                    new java.util.concurrent.atomic.AtomicReference<>());
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://localhost:" + io.restassured.RestAssured.port + "/api/risks/stream"))
                    .header("Authorization", "Bearer " + realm.passwordToken(CLI, user, PASSWORD))
                    .header("Accept", "text/event-stream").build();
            java.net.http.HttpClient.newHttpClient()
                    .sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> {
                        stream.lines().add("status " + response.statusCode());
                        stream.body().set(response.body());
                        response.body().forEach(stream.lines()::add);
                    });
            return stream;
        }

        boolean saw(String threatPrefix) {
            return lines.stream().anyMatch(line -> line.contains("\"threatId\":\"" + threatPrefix));
        }

        @Override
        public void close() {
            java.util.Optional.ofNullable(body.get()).ifPresent(java.util.stream.Stream::close);
        }
    }
}
