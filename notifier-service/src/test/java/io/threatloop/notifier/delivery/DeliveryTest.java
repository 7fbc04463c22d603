package io.threatloop.notifier.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.testsupport.KafkaTestClient;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.threatloop.testsupport.RecordingHttpServer.Request;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Review tasks delivered to real receivers: exact requests, signatures, retries, dead letters, no duplicates. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ReceiversTestResource.class, restrictToAnnotatedClass = false)
class DeliveryTest {

    private static KafkaTestClient kafka;

    @Inject
    AgroalDataSource jdbc;

    @Inject
    DeliveryWorker worker;

    @Inject
    DigestWorker digests;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.recording(List.of(Topics.REVIEW_TASKS));
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static String model(String team) {
        String app = team + "-app-" + UUID.randomUUID();
        send(new OwnerTeamAssigned(app, 1, team, null, "admin"));
        send(new ModelCreated(app, 2, null));
        return app;
    }

    private static void send(ModelEvent event) {
        Envelope<?> envelope = Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), null, null, event);
        kafka.send(Topics.THREATMODEL_EVENTS, envelope.subject(), EventCodec.encode(envelope));
    }

    private static List<Request> requestsAbout(String app, String pathPrefix) {
        return ReceiversTestResource.http.requests(r -> r.path().startsWith(pathPrefix) && r.body().contains(app));
    }

    @Test
    void aRaisedTaskReachesEveryChannelOfTheTeamOnceWithTheExactRequestEachExpects() throws Throwable {
        String app = model("delivery-team");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(requestsAbout(app, "/slack")).hasSize(1);
            assertThat(requestsAbout(app, "/hooks/threatloop")).hasSize(1);
            assertThat(requestsAbout(app, "/github")).hasSize(1);
            assertThat(requestsAbout(app, "/jira")).hasSize(1);
            assertThat(mailsAbout(app)).hasSize(1);
        });

        Request slack = requestsAbout(app, "/slack").get(0);
        JsonNode text = EventCodec.mapper().readTree(slack.body());
        assertThat(text.get("text").asText()).contains("Threat model review needed: " + app)
                .contains("new threat model, never reviewed");

        Request hook = requestsAbout(app, "/hooks/threatloop").get(0);
        assertThat(hook.header("Content-Type")).isEqualTo("application/cloudevents+json");
        // the receiver's check, as docs/NOTIFICATIONS.md shows it
        String[] parts = hook.header("X-Threatloop-Signature").split(",");
        String timestamp = parts[0].substring(2);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(ReceiversTestResource.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(parts[1]).isEqualTo("v1=" + HexFormat.of().formatHex(
                mac.doFinal((timestamp + "." + hook.body()).getBytes(StandardCharsets.UTF_8))));
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(300);
        assertThat(EventCodec.mapper().readTree(hook.body()).get("type").asText()).isEqualTo("ReviewTaskRaised");

        Request github = requestsAbout(app, "/github").get(0);
        assertThat(github.method()).isEqualTo("POST");
        assertThat(github.path()).isEqualTo("/github/repos/acme/payments/issues");
        assertThat(github.header("Authorization")).isEqualTo("Bearer gh-token");
        assertThat(github.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        JsonNode issue = EventCodec.mapper().readTree(github.body());
        assertThat(issue.get("title").asText()).startsWith("Threat model review needed: " + app);
        assertThat(issue.get("labels").toString()).contains("threat-model-review");

        Request jira = requestsAbout(app, "/jira").get(0);
        assertThat(jira.path()).isEqualTo("/jira/rest/api/2/issue");
        assertThat(jira.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("bot@acme.test:jira-token".getBytes(StandardCharsets.UTF_8)));
        JsonNode fields = EventCodec.mapper().readTree(jira.body()).get("fields");
        assertThat(fields.get("project").get("key").asText()).isEqualTo("SEC");
        assertThat(fields.get("issuetype").get("name").asText()).isEqualTo("Task");

        MimeMessage mail = mailsAbout(app).get(0);
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("security@acme.test");
        assertThat(mail.getFrom()).extracting(Object::toString).containsExactly("threatloop@acme.test");

        // delivered once: running the worker again sends nothing more
        VertxContextSupport.subscribeAndAwait(() -> worker.deliverDue());
        assertThat(requestsAbout(app, "/")).hasSize(4);
        assertThat(statuses(app)).containsOnly("DELIVERED").hasSize(5);

        // the review closes the task: chat and mail hear of it, the issue trackers get no second issue
        send(new ModelReviewed(app, 3, "rita", Instant.now(), "discussed"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(requestsAbout(app, "/slack")).hasSize(2);
            assertThat(mailsAbout(app)).hasSize(2);
        });
        assertThat(EventCodec.mapper().readTree(requestsAbout(app, "/slack").get(1).body()).get("text").asText())
                .contains("Threat model reviewed: " + app).contains("reviewed by rita: discussed");
        assertThat(requestsAbout(app, "/github")).hasSize(1);
        assertThat(requestsAbout(app, "/jira")).hasSize(1);
    }

    @Test
    void aDigestTeamGetsOneMessagePerChannelForAllItsUpdatesAndItsIssuesAsTheyCome() throws Throwable {
        String first = model("digest-team");
        String second = model("digest-team");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(requestsAbout(first, "/github")).hasSize(1);
            assertThat(requestsAbout(second, "/github")).hasSize(1);
            assertThat(statusOf(first, "team-slack")).isEqualTo("HELD");
            assertThat(statusOf(second, "team-hook")).isEqualTo("HELD");
        });
        assertThat(requestsAbout(first, "/slack")).isEmpty();

        assertThat(VertxContextSupport.<Integer>subscribeAndAwait(() -> digests.compose())).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ReceiversTestResource.http.requests(r -> r.path().equals("/slack")
                    && r.body().contains(first) && r.body().contains(second))).hasSize(1);
            assertThat(ReceiversTestResource.http.requests(r -> r.path().startsWith("/hooks")
                    && r.body().contains(first) && r.body().contains(second))).hasSize(1);
        });
        Request slack = ReceiversTestResource.http.requests(r -> r.path().equals("/slack") && r.body().contains(first))
                .get(0);
        assertThat(EventCodec.mapper().readTree(slack.body()).get("text").asText())
                .startsWith("*threatloop daily digest for digest-team: 2 review task updates*");
        Request hook = ReceiversTestResource.http.requests(r -> r.path().startsWith("/hooks") && r.body().contains(first))
                .get(0);
        JsonNode events = EventCodec.mapper().readTree(hook.body());
        assertThat(events.isArray()).isTrue();
        assertThat(events).hasSize(2);
        assertThat(hook.header("X-Threatloop-Signature")).startsWith("t=");
        assertThat(statusOf(first, "team-slack")).isEqualTo("DIGESTED");
        assertThat(VertxContextSupport.<Integer>subscribeAndAwait(() -> digests.compose())).as("nothing held").isZero();
    }

    @Test
    void aFailingChannelIsRetriedWithBackoffADeadOneBecomesADeadLetterAndNeitherHoldsUpTheOthers() throws Exception {
        String app = model("ops-team");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(requestsAbout(app, "/slack")).hasSize(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(requestsAbout(app, "/flaky")).hasSize(3);
            assertThat(statusOf(app, "down")).isEqualTo("DEAD");
            assertThat(statusOf(app, "flaky")).isEqualTo("DELIVERED");
        });
        List<Request> flaky = requestsAbout(app, "/flaky");
        assertThat(flaky).extracting(r -> r.header("X-Threatloop-Delivery")).as("the same delivery, tried again")
                .containsOnly(flaky.get(0).header("X-Threatloop-Delivery"));
        assertThat(errorOf(app, "down")).contains("down unreachable");
    }

    private List<MimeMessage> mailsAbout(String app) {
        return Arrays.stream(ReceiversTestResource.smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(app);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private List<String> statuses(String app) throws Exception {
        return column(app, "status", null);
    }

    private String statusOf(String app, String channel) throws Exception {
        List<String> found = column(app, "status", channel);
        return found.isEmpty() ? null : found.get(0);
    }

    private String errorOf(String app, String channel) throws Exception {
        return column(app, "last_error", channel).get(0);
    }

    private List<String> column(String app, String column, String channel) throws Exception {
        try (Connection connection = jdbc.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select " + column + " from deliveries where application_id = ? and (? is null or channel = ?)")) {
            select.setString(1, app);
            select.setString(2, channel);
            select.setString(3, channel);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }
}
