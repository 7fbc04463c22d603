package io.threatloop.notifier.review;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.Topics;
import io.quarkus.vertx.VertxContextSupport;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.review.ReviewTaskClosed;
import io.threatloop.contracts.review.ReviewTaskEscalated;
import io.threatloop.contracts.review.ReviewTaskRaised;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.risk.RiskRating;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.threatloop.testsupport.KafkaTestClient;
import io.threatloop.testsupport.RecordedSpans;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.threatloop.runtime.RecordedEvent;
import io.threatloop.runtime.TopicRecorder;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** notifier-service against a real Kafka broker and a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ReviewTaskFlowTest {

    private static KafkaTestClient kafka;
    private static TopicRecorder recorder;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.recording(List.of(Topics.REVIEW_TASKS, Topics.deadLetter(Topics.RISK_CHANGES),
                Topics.deadLetter(Topics.THREATMODEL_EVENTS)));
        recorder = kafka.recorder();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static void send(String topic, String key, String value) {
        kafka.send(topic, key, value);
    }

    private static List<RecordedEvent> tasksOf(String app) {
        return eventsOf(app, "ReviewTaskRaised");
    }

    private static List<RecordedEvent> eventsOf(String app, String type) {
        return recorder.matching(r -> app.equals(r.key()) && r.is(type));
    }

    private static void sendModel(ModelEvent event) {
        send(Topics.THREATMODEL_EVENTS, event.applicationId(), EventCodec.encode(Envelope.of(
                UUID.randomUUID().toString(), "/test", Instant.now(), null, null, event)));
    }

    @Inject
    StalenessSchedule schedule;

    @Test
    void aReviewClosesTheTaskAndTheNextUrgentRiskRaisesANewOne() {
        String app = "orders-" + UUID.randomUUID();
        sendModel(new OwnerTeamAssigned(app, 1, "shop", null, "admin"));
        sendModel(new ModelCreated(app, 2, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(app).size() >= 1);
        String first = tasksOf(app).get(0).data(ReviewTaskRaised.class).taskId();

        sendModel(new ModelReviewed(app, 3, "rita", Instant.now(), "threats discussed with the team"));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app, "ReviewTaskClosed").size() >= 1);
        ReviewTaskClosed closed = eventsOf(app, "ReviewTaskClosed").get(0).data(ReviewTaskClosed.class);
        assertThat(closed.taskId()).isEqualTo(first);
        assertThat(closed.reason()).isEqualTo("reviewed by rita: threats discussed with the team");

        sendModel(new EntryPointExposureChanged(app, 4, "GET /orders", "cluster-internal", "internet",
                List.of("ingress/shop"), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(app).size() >= 2);
        ReviewTaskRaised second = tasksOf(app).get(1).data(ReviewTaskRaised.class);
        assertThat(second.taskId()).isNotEqualTo(first);
        assertThat(second.reasons()).containsExactly("newly exposed to the internet: GET /orders");
    }

    @Test
    void aModelThatMerelyAgesGetsATaskAndATaskPastItsDeadlineIsEscalated() throws Throwable {
        String app = "ledger-" + UUID.randomUUID();
        sendModel(new ModelCreated(app, 1, null));
        sendModel(new ModelReviewed(app, 2, "rita", Instant.now().minus(Duration.ofDays(400)), "long ago"));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app, "ReviewTaskClosed").size() >= 1);

        StalenessSchedule.Evaluation evaluation = VertxContextSupport.subscribeAndAwait(
                () -> schedule.evaluate(Instant.now()));
        assertThat(evaluation.raised()).isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(app).size() >= 2);
        assertThat(tasksOf(app).get(1).data(ReviewTaskRaised.class).reasons()).containsExactly(
                "last reviewed 400 days ago; models with highest severity NONE are reviewed every 365 days");
        assertThat(VertxContextSupport.subscribeAndAwait(() -> schedule.evaluate(Instant.now())).raised())
                .as("one unfinished task per model").isZero();

        // 31 days on, the task is past its 30-day deadline
        StalenessSchedule.Evaluation later = VertxContextSupport.subscribeAndAwait(
                () -> schedule.evaluate(Instant.now().plus(Duration.ofDays(31))));
        assertThat(later.escalated()).isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app, "ReviewTaskEscalated").size() >= 1);
        assertThat(eventsOf(app, "ReviewTaskEscalated").get(0).data(ReviewTaskEscalated.class).taskId())
                .isEqualTo(tasksOf(app).get(1).data(ReviewTaskRaised.class).taskId());
    }

    @Inject
    RecordedSpans spans;

    @Test
    void aReviewTaskContinuesTheTraceOfTheEventThatRaisedIt() {
        String app = "traced-" + UUID.randomUUID();
        String modelSpan = "00-5af7651916cd43dd8448eb211c80319c-c7ad6b7169203331-01";
        send(Topics.THREATMODEL_EVENTS, app, EventCodec.encode(Envelope.of(UUID.randomUUID().toString(), "/test",
                Instant.now(), "obs", "c1", modelSpan, new ModelCreated(app, 1, null))));

        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(app).size() >= 1);
        String raised = tasksOf(app).get(0).event().traceparent();
        assertThat(raised).startsWith("00-5af7651916cd43dd8448eb211c80319c-").doesNotContain("c7ad6b7169203331");
        SpanData span = await().atMost(Duration.ofSeconds(10)).until(() -> spans.madeFor(raised), Optional::isPresent)
                .orElseThrow();
        assertThat(span).extracting(SpanData::getName, SpanData::getParentSpanId)
                .containsExactly("notifier-service review", "c7ad6b7169203331");
    }

    @Test
    void aNewModelGetsOneReviewTaskAndLaterReasonsJoinIt() {
        String app = "accounts-" + UUID.randomUUID();
        Envelope<ModelCreated> created = Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), "obs", "c1",
                new ModelCreated(app, 1, null));
        send(Topics.THREATMODEL_EVENTS, app, EventCodec.encode(created));
        send(Topics.THREATMODEL_EVENTS, app, EventCodec.encode(created)); // redelivery

        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(app).size() >= 1);
        ReviewTaskRaised raised = tasksOf(app).get(0).data(ReviewTaskRaised.class);
        assertThat(raised.reasons()).containsExactly("new threat model, never reviewed");
        assertThat(raised.dueBy()).isAfter(Instant.now().plus(Duration.ofDays(29)));
        assertThat(tasksOf(app).get(0).event().causationid()).isEqualTo(created.id());

        RiskRating high = new RiskRating(6.5, 6.5, "HIGH", "HIGH", "CRITICAL", 42.25, Map.of());
        send(Topics.RISK_CHANGES, app, EventCodec.encode(Envelope.of(UUID.randomUUID().toString(), "/test",
                Instant.now(), "x", "c1", new RiskChanged(app, "t1", "API2-NO-AUTH", "No auth", null, high, List.of(),
                        List.of()))));
        String marker = "marker-" + UUID.randomUUID();
        send(Topics.RISK_CHANGES, marker, "not an event");

        // once the poison record behind the risk change reached the DLQ, the risk change was processed
        await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.matching(r -> marker.equals(r.key())).isEmpty());
        assertThat(recorder.matching(r -> marker.equals(r.key())).get(0).headers().get("dead-letter-reason"))
                .contains("not JSON");
        assertThat(tasksOf(app)).hasSize(1);
        assertThat(recorder.onTopic(Topics.deadLetter(Topics.THREATMODEL_EVENTS))).isEmpty();
    }
}
