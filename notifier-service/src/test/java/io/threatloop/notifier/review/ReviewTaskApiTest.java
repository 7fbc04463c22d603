package io.threatloop.notifier.review;

import io.threatloop.testsupport.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.OwnerTeamAssigned;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** The review task and policy APIs against a real Keycloak: roles, team isolation, transitions published. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = false)
class ReviewTaskApiTest {

    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();
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
                .user("pat", PASSWORD, List.of("payments"), List.of("analyst"))
                .user("vic", PASSWORD, List.of("payments"), List.of("viewer"))
                .user("root", PASSWORD, List.of(), List.of("admin"))
                .user("rapid", PASSWORD, List.of("payments"), List.of("analyst"))
                .user("reader", PASSWORD, List.of("payments"), List.of("analyst"));
        kafka = KafkaTestClient.recording(List.of(Topics.REVIEW_TASKS));
        paymentsApp = model("payments-" + UUID.randomUUID(), "payments");
        identityApp = model("identity-" + UUID.randomUUID(), "identity");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("root").get("/api/review-tasks?applicationId="
                + identityApp).then().statusCode(200).body("items", hasSize(1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("root").get("/api/review-tasks?applicationId="
                + paymentsApp).then().statusCode(200).body("items", hasSize(1)));
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    private static String model(String app, String team) {
        send(new OwnerTeamAssigned(app, 1, team, null, "root"));
        send(new ModelCreated(app, 2, null));
        return app;
    }

    private static void send(ModelEvent event) {
        Envelope<?> envelope = Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), null, null, event);
        kafka.send(Topics.THREATMODEL_EVENTS, envelope.subject(), EventCodec.encode(envelope));
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(realm.passwordToken("threatloop-cli", user, PASSWORD));
    }

    private static String taskOf(String app) {
        return as("root").get("/api/review-tasks?applicationId=" + app).then().extract().path("items[0].taskId");
    }

    @Test
    void aTeamSeesOnlyItsTasksAndAnotherTeamsTaskAnswers404() {
        as("vic").get("/api/review-tasks?size=200").then().statusCode(200)
                .body("items.applicationId", hasItem(paymentsApp))
                .body("items.applicationId", not(hasItem(identityApp)))
                .body("items.find { it.applicationId == '" + paymentsApp + "' }.reasons",
                        equalTo(List.of("new threat model, never reviewed")))
                .body("items.find { it.applicationId == '" + paymentsApp + "' }.team", equalTo("payments"));
        as("vic").get("/api/review-tasks/" + taskOf(identityApp)).then().statusCode(404);
        as("pat").post("/api/review-tasks/" + taskOf(identityApp) + "/acknowledge").then().statusCode(404);
        given().get("/api/review-tasks").then().statusCode(401);
        as("vic").get("/api/review-tasks?status=LATE").then().statusCode(400).body("errors[0].field", equalTo("status"));
    }

    /** They kept the team they were raised with: admin-only before an owner, the old team's after a move. */
    /** No endpoint was rate limited (OWASP API4): one caller could write as fast as it could send. */
    @Test
    void writesBeyondTheLimitPerCallerAnswer429WithRetryAfterAndOtherCallersGoOn() {
        String token = realm.passwordToken("threatloop-cli", "rapid", PASSWORD);
        String unknownTask = "/api/review-tasks/" + UUID.randomUUID() + "/acknowledge";
        int accepted = 0;
        io.restassured.response.Response last;
        while ((last = given().auth().oauth2(token).post(unknownTask)).statusCode() == 404 && accepted < 2000) {
            accepted++;
        }
        org.assertj.core.api.Assertions.assertThat(last.statusCode()).isEqualTo(429);
        org.assertj.core.api.Assertions.assertThat(accepted).as("the documented burst").isGreaterThanOrEqualTo(300);
        org.assertj.core.api.Assertions.assertThat(last.contentType()).startsWith("application/problem+json");
        org.assertj.core.api.Assertions.assertThat(Integer.parseInt(last.header("Retry-After"))).isBetween(1, 60);
        given().auth().oauth2(token).get("/api/review-tasks").then().statusCode(200); // reads have their own budget
        as("pat").post(unknownTask).then().statusCode(404);
    }

    @Test
    void readsBeyondTheirOwnLargerLimitAnswer429AndWritesGoOn() {
        String token = realm.passwordToken("threatloop-cli", "reader", PASSWORD);
        String unknownTask = "/api/review-tasks/" + UUID.randomUUID();
        int accepted = 0;
        io.restassured.response.Response last;
        while ((last = given().auth().oauth2(token).get(unknownTask)).statusCode() == 404 && accepted < 5000) {
            accepted++;
        }
        org.assertj.core.api.Assertions.assertThat(last.statusCode()).isEqualTo(429);
        org.assertj.core.api.Assertions.assertThat(accepted).as("the documented burst, and what refilled meanwhile")
                .isGreaterThanOrEqualTo(1200);
        org.assertj.core.api.Assertions.assertThat(last.body().asString()).contains("reads a minute");
        given().auth().oauth2(token).post(unknownTask + "/acknowledge").then().statusCode(404);
    }

    @Test
    void parametersOutOfRangeOrOfTheWrongTypeAnswer400NamingThem() {
        as("vic").get("/api/review-tasks?dueBefore=+999999999-12-31T23:59:59Z").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("dueBefore"));
        as("vic").get("/api/review-tasks?size=ten").then().statusCode(400).body("errors[0].field", equalTo("size"));
        as("vic").get("/api/review-tasks?size=201").then().statusCode(400).body("errors[0].field", equalTo("size"));
        as("vic").get("/api/review-tasks?page=-1").then().statusCode(400).body("errors[0].field", equalTo("page"));
        List<String> firstTwo = as("root").get("/api/review-tasks?size=2").then().statusCode(200)
                .body("items", hasSize(2)).extract().path("items.taskId");
        as("root").get("/api/review-tasks?page=1&size=1").then().statusCode(200)
                .body("items.taskId", equalTo(List.of(firstTwo.get(1)))).body("page", equalTo(1));
        as("vic").get("/api/review-tasks?dueBefore=2030-01-01T00:00:00Z&size=10").then().statusCode(200);
    }

    @Test
    void aTaskFollowsItsModelsCurrentOwner() {
        String app = "moved-" + UUID.randomUUID();
        send(new ModelCreated(app, 1, null)); // no owner yet: a task only administrators see
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("root").get("/api/review-tasks?applicationId="
                + app).then().statusCode(200).body("items", hasSize(1)));
        String task = taskOf(app);
        as("pat").get("/api/review-tasks/" + task).then().statusCode(404);

        send(new OwnerTeamAssigned(app, 2, "payments", null, "root"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("vic").get("/api/review-tasks/" + task)
                .then().statusCode(200).body("team", equalTo("payments")));

        send(new OwnerTeamAssigned(app, 3, "identity", "payments", "root"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("vic").get("/api/review-tasks/" + task)
                .then().statusCode(404));
        as("pat").post("/api/review-tasks/" + task + "/acknowledge").then().statusCode(404);
        as("vic").get("/api/review-tasks?size=200").then().statusCode(200).body("items.taskId", not(hasItem(task)));
        as("root").get("/api/review-tasks/" + task).then().statusCode(200).body("team", equalTo("identity"));
    }

    @Test
    void anAnalystAcknowledgesAndSnoozesWithAReasonAndEachTransitionIsPublished() {
        String task = taskOf(paymentsApp);
        as("vic").post("/api/review-tasks/" + task + "/acknowledge").then().statusCode(403);
        as("pat").post("/api/review-tasks/" + task + "/acknowledge").then().statusCode(200)
                .body("acknowledgedBy", equalTo("pat"));

        OffsetDateTime until = OffsetDateTime.now(ZoneOffset.UTC).plusDays(45).withNano(0);
        as("pat").contentType("application/json").body(Map.of("until", until.toString()))
                .post("/api/review-tasks/" + task + "/snooze").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        as("pat").contentType("application/json").body(Map.of("until", until.plusDays(100).toString(),
                        "reason", "quarter freeze")).post("/api/review-tasks/" + task + "/snooze").then().statusCode(400)
                .body("errors[0].field", equalTo("until"));
        // a 5 MB reason made an event Kafka refused, which blocked the relay (bodies over 1 MiB are now cut off
        // before they are read; one within that limit still meets the field's own)
        as("pat").contentType("application/json").body(Map.of("until", until.toString(), "reason", "r".repeat(900_000)))
                .post("/api/review-tasks/" + task + "/snooze").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("reason"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("at most 2000 characters"));
        as("pat").contentType("application/json").body(Map.of("until", until.toString(), "reason", "quarter freeze"))
                .post("/api/review-tasks/" + task + "/snooze").then().statusCode(200)
                .body("snoozeReason", equalTo("quarter freeze"));
        String dueBy = as("vic").get("/api/review-tasks/" + task).then().statusCode(200).extract().path("dueBy");
        // compared as instants: at a whole minute the text is "...:41:00Z" on one side, "...:41Z" on the other
        org.assertj.core.api.Assertions.assertThat(OffsetDateTime.parse(dueBy).toInstant()).isEqualTo(until.toInstant());

        await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.recorder().matching(r ->
                paymentsApp.equals(r.key()) && r.is("ReviewTaskSnoozed")).isEmpty());
        org.assertj.core.api.Assertions.assertThat(kafka.recorder().matching(r ->
                paymentsApp.equals(r.key()) && r.is("ReviewTaskAcknowledged"))).hasSize(1);
    }

    @Test
    void onlyAnAdministratorReplacesThePolicyAndAnInvalidOneNamesTheField() {
        String document = as("vic").get("/api/review-policy").then().statusCode(200)
                .body("maxReviewAge.CRITICAL", equalTo("PT720H")).extract().asString();
        int version = as("vic").get("/api/review-policy").then().extract().path("version");
        String newer = document.replaceFirst("\"version\":\\d+", "\"version\":" + (version + 1));
        as("pat").contentType("application/json").body(newer).put("/api/review-policy").then().statusCode(403);
        as("root").contentType("application/json").body(newer.replace("\"PT720H\"", "\"-PT1H\""))
                .put("/api/review-policy").then().statusCode(400)
                .body("errors[0].field", equalTo("maxReviewAge.CRITICAL"));
        as("root").contentType("application/json").body(newer.replaceFirst("\"unreviewedChanges\":\\d+",
                        "\"unreviewedChanges\":50")).put("/api/review-policy").then().statusCode(200)
                .body("unreviewedChanges", equalTo(50));
        as("root").contentType("application/json").body(newer).put("/api/review-policy").then().statusCode(409);
        // back to the defaults' numbers, as a newer version: the other tests use them
        as("root").contentType("application/json").body(document.replaceFirst("\"version\":\\d+",
                "\"version\":" + (version + 2))).put("/api/review-policy").then().statusCode(200);
    }
}
