package io.threatloop.model.api;

import io.threatloop.testsupport.TestServers;
import io.threatloop.api.Problem;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.Topics;
import io.threatloop.runtime.EmbeddedKeycloak;
import io.threatloop.testsupport.KafkaTestClient;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.runtime.KeycloakAdmin;
import io.threatloop.testsupport.KeycloakTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.threatloop.runtime.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static io.threatloop.model.TestObservations.specObserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The model API against a real Keycloak (the project's realm), a real Kafka and a real
 * PostgreSQL: authentication, roles, team isolation, the decisions people record, history,
 * time travel and diffs.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = false)
class ModelApiTest {

    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();
    private static final String CLI = "threatloop-cli";

    private static KeycloakAdmin realm;
    private static KafkaTestClient kafka;
    private static TopicRecorder recorder;
    private static String paymentsApp;
    private static String identityApp;

    /** Once per class, but in a @BeforeEach: Quarkus points RestAssured at the test port only before each test. */
    @BeforeEach
    void setUp() {
        if (realm != null) {
            return;
        }
        realm = TestServers.keycloak().admin(EmbeddedKeycloak.REALM)
                .user("alice", PASSWORD, List.of("payments"), List.of("analyst"))
                .user("victor", PASSWORD, List.of("payments"), List.of("viewer"))
                .user("ivan", PASSWORD, List.of("identity"), List.of("analyst"))
                .user("root", PASSWORD, List.of(), List.of("admin"));
        kafka = KafkaTestClient.recording(List.of(Topics.THREATMODEL_EVENTS));
        recorder = kafka.recorder();
        paymentsApp = model("payments-" + UUID.randomUUID(), "payments");
        identityApp = model("identity-" + UUID.randomUUID(), "identity");
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    /** A model made the real way (an observation on Kafka), then given to a team by an administrator. */
    private static String model(String app, String team) {
        kafka.send(Topics.API_OBSERVATIONS, app, EventCodec.encode(specObserved(app, "c1", false)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("root").get("/api/models/" + app)
                .then().statusCode(200));
        as("root").body(Map.of("team", team)).put("/api/models/" + app + "/owner").then().statusCode(200)
                .body("events", equalTo(List.of("OwnerTeamAssigned")));
        return app;
    }

    private static RequestSpecification as(String user) {
        return bearer(realm.passwordToken(CLI, user, PASSWORD));
    }

    private static RequestSpecification bearer(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    private static String threatOf(String app) {
        return as("root").get("/api/models/" + app).then().statusCode(200).extract().path("threats[0].threatId");
    }

    private static void assertProblem(ValidatableResponse response, int status) {
        response.statusCode(status).contentType(Problem.MEDIA_TYPE).body("status", equalTo(status));
    }

    @Test
    void withoutATokenEveryOperationAnswers401() {
        assertProblem(given().get("/api/models").then(), 401);
        assertProblem(given().get("/api/models/" + paymentsApp).then(), 401);
        given().contentType("application/json").body("{}").post("/api/models/" + paymentsApp + "/reviews")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().post("/api/admin/projections/rebuild").then().statusCode(401);
        // probes and API documentation stay open
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aRoleThatDoesNotAllowTheOperationAnswers403() {
        assertProblem(as("victor").body(Map.of("notes", "looks fine")).post("/api/models/" + paymentsApp + "/reviews")
                .then(), 403);
        assertProblem(as("alice").body(Map.of("team", "identity")).put("/api/models/" + paymentsApp + "/owner")
                .then(), 403);
        assertProblem(as("alice").post("/api/admin/projections/rebuild").then(), 403);
    }

    @Test
    void anotherTeamsModelAnswers404LikeAnUnknownOne() {
        as("victor").get("/api/models/" + paymentsApp).then().statusCode(200).body("team", equalTo("payments"));
        assertProblem(as("ivan").get("/api/models/" + paymentsApp).then(), 404);
        assertProblem(as("ivan").get("/api/models/" + paymentsApp + "/events").then(), 404);
        assertProblem(as("ivan").get("/api/models/no-such-app").then(), 404);
        String threat = threatOf(paymentsApp);
        assertProblem(as("ivan").body(Map.of("description", "x", "status", "proposed"))
                .post("/api/models/" + paymentsApp + "/threats/" + threat + "/mitigations").then(), 404);

        as("ivan").get("/api/models?size=200").then().statusCode(200)
                .body("items.applicationId", hasItem(identityApp))
                .body("items.applicationId", not(hasItem(paymentsApp)))
                .body("items.team", not(hasItem("payments")));
        as("root").get("/api/models?size=200").then().statusCode(200)
                .body("items.applicationId", hasItem(identityApp))
                .body("items.applicationId", hasItem(paymentsApp));
    }

    @Test
    void theThreatRegisterAndTheEndpointInventoryShowOnlyTheCallersTeams() {
        as("ivan").get("/api/threats?size=200").then().statusCode(200)
                .body("items.applicationId", hasItem(identityApp))
                .body("items.applicationId", not(hasItem(paymentsApp)));
        as("alice").get("/api/entry-points?size=200").then().statusCode(200)
                .body("items.findAll { it.applicationId == '" + paymentsApp + "' }.entryPointId",
                        equalTo(List.of("GET /accounts/{}")))
                .body("items.applicationId", not(hasItem(identityApp)));
        as("alice").get("/api/threats?standing=ignored").then().statusCode(400)
                .body("errors[0].field", equalTo("standing"));
        given().get("/api/threats").then().statusCode(401);
    }

    @Test
    void tokensFromAnotherIssuerForAnotherAudienceExpiredOrUnsignedAreRejected() {
        // another realm on the same Keycloak: a valid token, but not from the threatloop issuer
        KeycloakAdmin elsewhere = TestServers.keycloak().admin("elsewhere");
        elsewhere.createRealm(Map.of("realm", "elsewhere", "enabled", true,
                "roles", Map.of("realm", List.of(Map.of("name", "admin"))),
                "clients", List.of(Map.of("clientId", CLI, "publicClient", true, "directAccessGrantsEnabled", true,
                        "protocolMappers", List.of(audienceMapper())))));
        elsewhere.user("mallory", PASSWORD, List.of("payments"), List.of("admin"));
        assertProblem(bearer(elsewhere.passwordToken(CLI, "mallory", PASSWORD)).get("/api/models").then(), 401);

        // the right realm, but a client whose tokens are not meant for the threatloop API
        realm.client(Map.of("clientId", "unrelated-app", "publicClient", true, "directAccessGrantsEnabled", true));
        assertProblem(bearer(realm.passwordToken("unrelated-app", "root", PASSWORD)).get("/api/models").then(), 401);

        // alg: none with the claims of a valid token
        String[] valid = realm.passwordToken(CLI, "root", PASSWORD).split("\\.");
        String unsigned = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + valid[1] + ".";
        assertProblem(bearer(unsigned).get("/api/models").then(), 401);

        // a token that expires after 2 s: accepted, then rejected
        realm.client(Map.of("clientId", "short-lived", "publicClient", true, "directAccessGrantsEnabled", true,
                "attributes", Map.of("access.token.lifespan", "2"),
                "protocolMappers", List.of(audienceMapper())));
        String shortLived = realm.passwordToken("short-lived", "root", PASSWORD);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertProblem(bearer(shortLived).get("/api/models").then(), 401));
        assertProblem(bearer(valid[0] + "." + valid[1] + "." + valid[2] + "x").get("/api/models").then(), 401);
    }

    private static Map<String, Object> audienceMapper() {
        return Map.of("name", "audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", "threatloop-api", "access.token.claim", "true"));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void analystsRecordMitigationsAcceptedRisksAndReviewsWhichShowInTheModelItsHistoryAndOnKafka() {
        String app = model("orders-" + UUID.randomUUID(), "payments");
        String threat = threatOf(app);
        String base = "/api/models/" + app;

        String mitigation = as("alice").body(Map.of("description", "require a bearer token at the gateway",
                        "status", "proposed"))
                .post(base + "/threats/" + threat + "/mitigations").then().statusCode(201)
                .body("events", equalTo(List.of("MitigationRecorded"))).extract().path("version").toString();
        String mitigationId = as("alice").get(base).then().statusCode(200)
                .body("threats[0].mitigations[0].status", equalTo("proposed"))
                .extract().path("threats[0].mitigations[0].mitigationId");
        as("alice").body(Map.of("description", "require a bearer token at the gateway", "status", "implemented"))
                .put(base + "/threats/" + threat + "/mitigations/" + mitigationId).then().statusCode(200);
        Instant expiry = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        as("alice").body(Map.of("justification", "internal network only until the gateway is live",
                "expiresAt", expiry.toString())).post(base + "/threats/" + threat + "/acceptance").then()
                .statusCode(200).body("events", equalTo(List.of("RiskAccepted")));
        int reviewedVersion = as("alice").body(Map.of("notes", "quarterly review")).post(base + "/reviews").then()
                .statusCode(201).extract().path("version");

        as("victor").get(base).then().statusCode(200)
                .body("version", equalTo(reviewedVersion))
                .body("threats[0].status", equalTo("accepted"))
                .body("threats[0].standing.by", equalTo("alice"))
                .body("threats[0].mitigations[0].status", equalTo("implemented"))
                .body("lastReview.reviewedBy", equalTo("alice"))
                .body("lastReview.notes", equalTo("quarterly review"));
        // time travel: before the mitigation the threat was open and unmitigated
        as("victor").get(base + "?version=" + (Integer.parseInt(mitigation) - 1)).then().statusCode(200)
                .body("threats[0].status", equalTo("open"))
                .body("threats[0].mitigations.size()", equalTo(0));
        as("victor").get(base + "?at=2000-01-01T00:00:00Z").then().statusCode(404);
        as("victor").get(base + "/diff?from=1&to=" + reviewedVersion).then().statusCode(200)
                .body("team.after", equalTo("payments"))
                .body("entryPointsAdded[0].id", equalTo("GET /accounts/{}"))
                .body("threatsIdentified[0].ruleId", equalTo("API2-NO-AUTH"));
        // the history names the cause of each event, down to the commit
        as("victor").get(base + "/events").then().statusCode(200)
                .body("[0].type", equalTo("ModelCreated"))
                .body("[0].data.provenance.source.revision", equalTo("c1"))
                .body("type", hasItem("ModelReviewed"))
                .body("find { it.type == 'RiskAccepted' }.data.acceptedBy", equalTo("alice"));
        as("victor").get(base + "/events?after=2&size=1").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].version", equalTo(3));

        // the register across models shows the accepted risk
        as("victor").get("/api/threats?standing=accepted&size=200").then().statusCode(200)
                .body("items.threatId", hasItem(threat))
                .body("items.find { it.threatId == '" + threat + "' }.applicationId", equalTo(app));

        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.matching(r -> app.equals(r.key())
                && r.event() != null && r.event().type().equals("ModelReviewed")).size() == 1);
        assertThat(recorder.matching(r -> app.equals(r.key()) && r.event() != null))
                .extracting(r -> r.event().type())
                .containsSubsequence("ThreatIdentified", "OwnerTeamAssigned", "MitigationRecorded",
                        "MitigationRecorded", "RiskAccepted", "ModelReviewed");
    }

    @Test
    void aProposedChangeIsRecordedInTheHistoryAndChangesNoThreat() {
        String app = model("proposals-" + UUID.randomUUID(), "payments");
        String base = "/api/models/" + app;
        Map<String, Object> proposal = Map.of("base", "a1b2c3d4", "head", "e5f60718",
                "introduced", List.of(Map.of("ruleId", "API2-NO-AUTH", "target", "GET /accounts/{}/statements",
                        "severity", "HIGH")),
                "resolved", List.of(), "specs", List.of("openapi.yaml"), "passed", false);
        List<String> threatsBefore = as("alice").get(base).then().statusCode(200).extract().path("threats.threatId");

        as("victor").body(proposal).post(base + "/proposed-changes").then().statusCode(403);
        assertProblem(as("ivan").body(proposal).post(base + "/proposed-changes").then(), 404);
        as("alice").body(proposal).post(base + "/proposed-changes").then().statusCode(201)
                .body("events", equalTo(List.of("ChangeProposed")));

        as("victor").get(base + "/events?size=200").then().statusCode(200)
                .body("find { it.type == 'ChangeProposed' }.data.head", equalTo("e5f60718"))
                .body("find { it.type == 'ChangeProposed' }.data.introduced[0].target",
                        equalTo("GET /accounts/{}/statements"))
                .body("find { it.type == 'ChangeProposed' }.data.proposedBy", equalTo("alice"));
        assertThat(as("alice").get(base).then().statusCode(200).extract().<List<String>>path("threats.threatId"))
                .as("a proposal changes no threat").isEqualTo(threatsBefore);
        as("alice").body(Map.of("base", "main", "head", "e5f60718")).post(base + "/proposed-changes").then()
                .statusCode(400).body("errors[0].field", equalTo("base"));
        as("alice").body(Map.of("base", "a1b2c3d4", "head", "e5f60718", "introduced",
                        List.of(Map.of("ruleId", "API2-NO-AUTH", "target", "GET /x", "severity", "SEVERE"))))
                .post(base + "/proposed-changes").then().statusCode(400)
                .body("errors[0].field", equalTo("introduced[0].severity"));

        // at every field's limit the event was 5.5 MB: Kafka refused it and the relay stalled on it
        List<Map<String, String>> threats = java.util.stream.IntStream.range(0, 2000)
                .mapToObj(i -> Map.of("ruleId", "R".repeat(200), "target", "GET /" + "t".repeat(995), "severity", "LOW"))
                .toList();
        List<String> specs = java.util.stream.IntStream.range(0, 500).mapToObj(i -> "s".repeat(1000)).toList();
        as("alice").body(Map.of("base", "a1b2c3d4", "head", "e5f60718", "introduced", threats, "resolved", threats,
                        "specs", specs, "passed", false))
                .post(base + "/proposed-changes").then().statusCode(413)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", org.hamcrest.Matchers.containsString("ChangeProposed event of"))
                .body("detail", org.hamcrest.Matchers.containsString("at most 262144"));
        as("victor").get(base + "/events?size=200").then().statusCode(200)
                .body("findAll { it.type == 'ChangeProposed' }.size()", equalTo(1));
    }

    @Test
    void malformedCommandsAnswer400NamingTheField() {
        String base = "/api/models/" + paymentsApp;
        String threat = threatOf(paymentsApp);
        as("alice").body(Map.of("justification", "ok", "expiresAt", "2001-01-01T00:00:00Z"))
                .post(base + "/threats/" + threat + "/acceptance").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("expiresAt"));
        as("alice").body(Map.of("justification", " ", "expiresAt", Instant.now().plusSeconds(3600).toString()))
                .post(base + "/threats/" + threat + "/false-positive").then().statusCode(400)
                .body("errors[0].field", equalTo("justification"));
        as("alice").body(Map.of("description", "waf", "status", "done"))
                .post(base + "/threats/" + threat + "/mitigations").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        as("alice").body("{\"description\": ").post(base + "/threats/" + threat + "/mitigations").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE);
        as("alice").get("/api/models?size=100000").then().statusCode(400).body("errors[0].field", equalTo("size"));
        as("alice").get(base + "?at=yesterday").then().statusCode(400).body("errors[0].field", equalTo("at"));
        assertProblem(as("alice").body(Map.of("description", "waf", "status", "proposed"))
                .post(base + "/threats/no-such-threat/mitigations").then(), 404);
        assertProblem(as("root").body(Map.of("team", "Payments Team!")).put(base + "/owner").then(), 400);
    }

    /** Each of these answered 500 (PostgreSQL 22P05/22021, an int overflow) instead of naming the field. */
    @Test
    void textTheDatabaseCannotHoldAndOutOfRangePagesAnswer400NamingTheField() {
        String base = "/api/models/" + paymentsApp;
        String threat = threatOf(paymentsApp);
        as("alice").body("{\"description\": \"waf\\u0000here\", \"status\": \"proposed\"}")
                .post(base + "/threats/" + threat + "/mitigations").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("description"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("NUL"));
        as("alice").body("{\"notes\": \"half \\ud800 a pair\"}").post(base + "/reviews").then().statusCode(400)
                .body("errors[0].field", equalTo("notes"));
        as("alice").body("{\"justification\": \"\\u0000\", \"expiresAt\": \"" + Instant.now().plusSeconds(3600) + "\"}")
                .post(base + "/threats/" + threat + "/false-positive").then().statusCode(400)
                .body("errors[0].field", equalTo("justification"));
        as("alice").urlEncodingEnabled(false).get(base + "%00").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("applicationId"));
        as("alice").urlEncodingEnabled(false).get(base + "?at=2026%00").then().statusCode(400)
                .body("errors[0].field", equalTo("at"));
        as("alice").get("/api/models?page=10737419&size=200").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("page"));
        as("alice").get("/api/models?page=50000&size=200").then().statusCode(200);
        // strict types: a number is not a team name
        as("root").body("{\"team\": 7}").put(base + "/owner").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("team"));
        as("victor").get(base).then().body("team", equalTo("payments"));
    }

    /** These answered a bare 404, or the current model as if no time had been given. */
    @Test
    void unparseableNumbersAndTimesOutOfRangeAnswer400NamingTheParameter() {
        String base = "/api/models/" + paymentsApp;
        as("alice").get("/api/models?page=abc").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("page"));
        as("alice").get("/api/models?size=99999999999").then().statusCode(400).body("errors[0].field", equalTo("size"));
        as("alice").get(base + "?version=1.5").then().statusCode(400).body("errors[0].field", equalTo("version"));
        as("alice").get(base + "?at=-999999999-01-01T00:00:00Z").then().statusCode(400)
                .body("errors[0].field", equalTo("at"));
        as("alice").get(base + "?at=yesterday").then().statusCode(400).body("errors[0].field", equalTo("at"));
        as("alice").get(base + "?at=" + Instant.now().plusSeconds(60)).then().statusCode(200);
        // the enforced page limits are declared too (a self-scan found them undocumented)
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/models'.get.parameters.find { it.name == 'size' }.schema.maximum", equalTo(200))
                .body("paths.'/api/models'.get.parameters.find { it.name == 'page' }.schema.minimum", equalTo(0));
    }

    @Test
    void concurrentCommandsOnOneModelAreAllKeptInOrder() {
        String app = model("ledger-" + UUID.randomUUID(), "payments");
        String token = realm.passwordToken(CLI, "alice", PASSWORD);
        List<CompletableFuture<Integer>> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String notes = "review " + i;
            writers.add(CompletableFuture.supplyAsync(() -> bearer(token).body(Map.of("notes", notes))
                    .post("/api/models/" + app + "/reviews").then().extract().statusCode()));
        }
        assertThat(writers.stream().map(CompletableFuture::join).toList()).containsOnly(201);

        List<Integer> versions = as("alice").get("/api/models/" + app + "/events?size=200").then().statusCode(200)
                .extract().path("findAll { it.type == 'ModelReviewed' }.version");
        assertThat(versions).hasSize(8).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void projectionsRebuiltFromTheLogEqualTheLiveOnes() {
        Object before = as("root").get("/api/models?size=200").then().statusCode(200).extract().path("items");
        String threatsBefore = as("root").get("/api/threats?size=200").then().statusCode(200).extract().asString();
        String inventoryBefore = as("root").get("/api/entry-points?size=200").then().statusCode(200).extract().asString();
        int total = as("root").get("/api/models?size=1").then().extract().path("total");
        as("root").post("/api/admin/projections/rebuild").then().statusCode(200).body("models", equalTo(total));
        Object after = as("root").get("/api/models?size=200").then().statusCode(200).extract().path("items");
        assertThat(after).isEqualTo(before);
        assertThat(as("root").get("/api/threats?size=200").then().extract().asString()).isEqualTo(threatsBefore);
        assertThat(as("root").get("/api/entry-points?size=200").then().extract().asString()).isEqualTo(inventoryBefore);
    }
}
