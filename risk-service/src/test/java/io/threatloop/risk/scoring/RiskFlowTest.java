package io.threatloop.risk.scoring;

import io.quarkus.test.common.QuarkusTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.MitigationRecorded;
import io.threatloop.contracts.model.MitigationStatus;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.risk.RiskChanged;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.threatloop.testsupport.KafkaTestClient;
import io.threatloop.testsupport.RecordedSpans;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.threatloop.runtime.RecordedEvent;
import io.threatloop.runtime.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** risk-service against a real Kafka broker and a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class RiskFlowTest {

    private static KafkaTestClient kafka;
    private static TopicRecorder recorder;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.recording(List.of(Topics.RISK_CHANGES, Topics.deadLetter(Topics.THREATMODEL_EVENTS)));
        recorder = kafka.recorder();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static final Provenance PROVENANCE = new Provenance("obs-1",
            new SourceRef("git", "file:///repo", "c0ffee", "openapi.yaml", "dev", Instant.now()));

    private static void send(Envelope<?> event) {
        kafka.send(Topics.THREATMODEL_EVENTS, event.subject(), EventCodec.encode(event));
    }

    private static List<RecordedEvent> changesOf(String app) {
        return recorder.matching(r -> app.equals(r.key()) && r.is("RiskChanged"));
    }

    @Inject
    AgroalDataSource jdbc;

    @Inject
    ActivePolicy policy;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Test
    void aPolicyPutInForceThroughAnotherReplicaScoresTheNextThreat() throws Throwable {
        ActivePolicy.Versioned before = policy.current();
        int newer = before.policy().version() + 1;
        try {
            storeAsAnotherReplica(newer, "version: " + newer + "\nrules: {}"); // no context rules
            String app = "billing-" + UUID.randomUUID();
            send(Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), null, null,
                    new ThreatIdentified(app, 3, "t-" + app, "API2-NO-AUTH", "Operation without authentication",
                            "API2:2023", "Spoofing", "CWE-306", "GET /invoices", List.of("no security"),
                            new ThreatContext(false, "internet"), PROVENANCE)));
            await().atMost(Duration.ofSeconds(30)).until(() -> changesOf(app).size() >= 1);
            RiskChanged scored = changesOf(app).get(0).data(RiskChanged.class);
            assertThat(scored.adjustments()).as("no context rule in policy " + newer).isEmpty();
            assertThat(policy.current().policy().version()).isEqualTo(newer);
        } finally {
            // the rules in force before, as a newer version, in force here too: the other tests score with them
            storeAsAnotherReplica(newer + 1, before.document().replaceFirst("(?m)^version: \\d+", "version: " + (newer + 1)));
            pool.withTransaction(policy::inForce).await().indefinitely();
        }
        assertThat(policy.current().policy().version()).isEqualTo(newer + 1);
    }

    private void storeAsAnotherReplica(int version, String document) throws Exception {
        try (Connection connection = jdbc.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "insert into risk_policies (version, document, set_by, set_at) values (?, ?, 'replica-2', now())")) {
            insert.setInt(1, version);
            insert.setString(2, document);
            insert.executeUpdate();
        }
    }

    @Inject
    RecordedSpans spans;

    @Test
    void aRiskChangeContinuesTheTraceOfTheModelEventThatMovedIt() {
        String app = "traced-" + UUID.randomUUID();
        String modelSpan = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        send(Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), "obs-1", "c1", modelSpan,
                new ThreatIdentified(app, 3, "t-" + app, "API2-NO-AUTH", "Operation without authentication",
                        "API2:2023", "Spoofing", "CWE-306", "GET /accounts", List.of("no security"),
                        new ThreatContext(false, "internet"), PROVENANCE)));

        await().atMost(Duration.ofSeconds(30)).until(() -> changesOf(app).size() >= 1);
        String scored = changesOf(app).get(0).event().traceparent();
        assertThat(scored).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").doesNotContain("00f067aa0ba902b7");
        SpanData span = await().atMost(Duration.ofSeconds(10)).until(() -> spans.madeFor(scored), Optional::isPresent)
                .orElseThrow();
        assertThat(span).extracting(SpanData::getName, SpanData::getParentSpanId)
                .containsExactly("risk-service score", "00f067aa0ba902b7");
    }

    @Test
    void aNewThreatIsScoredOnceAndItsResolutionLowersTheRisk() {
        String app = "accounts-" + UUID.randomUUID();
        ThreatIdentified threat = new ThreatIdentified(app, 3, "t-" + app, "API2-NO-AUTH", "Operation without authentication",
                "API2:2023", "Spoofing", "CWE-306", "GET /accounts/{}", List.of("no security"),
                new ThreatContext(false, "unknown"), PROVENANCE);
        Envelope<ThreatIdentified> identified = Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(),
                "obs-1", "c0ffee", threat);
        send(identified);
        send(identified); // redelivery

        await().atMost(Duration.ofSeconds(30)).until(() -> changesOf(app).size() >= 1);
        RiskChanged raised = changesOf(app).get(0).data(RiskChanged.class);
        assertThat(raised.previous()).isNull();
        assertThat(raised.current().severity()).isIn("HIGH", "CRITICAL");
        assertThat(raised.adjustments()).extracting(a -> a.contextRule()).contains("no-authentication");
        assertThat(raised.causes()).extracting(c -> c.kind() + ":" + c.id())
                .containsExactly("model-event:" + identified.id(), "observation:obs-1", "revision:c0ffee");
        assertThat(changesOf(app).get(0).event().causationid()).isEqualTo(identified.id());

        send(Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), "obs-2", "c0ffee2",
                new ThreatResolved(app, 5, "t-" + app, "API2-NO-AUTH", "secured", PROVENANCE)));

        await().atMost(Duration.ofSeconds(30)).until(() -> changesOf(app).size() >= 2);
        RiskChanged lowered = changesOf(app).get(1).data(RiskChanged.class);
        assertThat(lowered.previous()).isEqualTo(raised.current());
        assertThat(lowered.current()).isNull();
        assertThat(changesOf(app)).hasSize(2);
    }

    @Test
    void whatTheModelLearnsAroundAThreatRescoresItOnlyWhenTheRatingMoves() {
        String app = "shop-" + UUID.randomUUID();
        String threatId = "t-" + app;
        send(Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), "obs-1", "c1",
                new ThreatIdentified(app, 3, threatId, "API1-OBJECT-ID-IN-PATH", "Object addressed by an identifier",
                        "API1:2023", "Elevation of Privilege", "CWE-639", "GET /orders/{}", List.of("path id"),
                        new ThreatContext(true, "unknown"), PROVENANCE)));
        await().atMost(Duration.ofSeconds(30)).until(() -> changesOf(app).size() >= 1);

        // the cluster shows the entry point on the internet: opportunity and size rise
        Envelope<EntryPointExposureChanged> exposed = Envelope.of(UUID.randomUUID().toString(), "/test",
                Instant.now(), "obs-2", "4711", new EntryPointExposureChanged(app, 4, "GET /orders/{}", null, "internet",
                        List.of("ingress shop/orders"), PROVENANCE));
        send(exposed);
        await().atMost(Duration.ofSeconds(30)).until(() -> changesOf(app).size() >= 2);
        RiskChanged rose = changesOf(app).get(1).data(RiskChanged.class);
        assertThat(rose.current().factors().get("opportunity")).isEqualTo(9);
        assertThat(rose.adjustments()).extracting(a -> a.contextRule()).contains("internet-exposure");
        assertThat(rose.causes().get(0).id()).isEqualTo(exposed.id());

        // another entry point's exposure does not move this threat
        send(Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), "obs-3", "4712",
                new EntryPointExposureChanged(app, 5, "GET /health", null, "cluster-internal", List.of(), PROVENANCE)));
        // a verified mitigation lowers what it addresses
        send(Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), null, null,
                new MitigationRecorded(app, 6, threatId, "m1", "ownership check in the service",
                        MitigationStatus.VERIFIED, "alice")));
        await().atMost(Duration.ofSeconds(30)).until(() -> changesOf(app).size() >= 3);
        RiskChanged fell = changesOf(app).get(2).data(RiskChanged.class);
        assertThat(fell.previous()).isEqualTo(rose.current());
        assertThat(fell.current().factors().get("easeOfExploit")).isEqualTo(2);
        assertThat(fell.adjustments()).extracting(a -> a.contextRule()).contains("mitigation-verified");
        assertThat(fell.current().score()).isLessThan(rose.current().score());
        assertThat(changesOf(app)).hasSize(3);
    }

    @Test
    void aThreatOfAnUnknownRuleGoesToTheDeadLetterTopicWithTheReason() {
        String app = "future-" + UUID.randomUUID();
        send(Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), "obs", "c", new ThreatIdentified(app, 1,
                "t", "FUTURE-RULE", "t", "API1:2023", "S", "CWE-1", "x", List.of(), new ThreatContext(true, "unknown"),
                PROVENANCE)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.matching(r -> app.equals(r.key())
                && r.topic().endsWith(".dlq")).isEmpty());
        assertThat(recorder.matching(r -> app.equals(r.key())).get(0).headers().get("dead-letter-reason"))
                .contains("unknown threat rule 'FUTURE-RULE'");
    }

    @Test
    void aRefusedAndAnUnreadableRecordInOnePollGoToTheDeadLetterTopicAloneAndTheOthersTakeEffectOnce() {
        String app = "batch-" + UUID.randomUUID();
        java.util.function.BiFunction<String, String, String> threat = (id, rule) -> EventCodec.encode(Envelope.of(
                UUID.randomUUID().toString(), "/test", Instant.now(), "obs", "c", new ThreatIdentified(app, 1, id, rule,
                        "t", "API2:2023", "Spoofing", "CWE-306", "GET /" + id, List.of(), new ThreatContext(false, "unknown"),
                        PROVENANCE)));
        kafka.sendTogether(Topics.THREATMODEL_EVENTS, app, List.of(threat.apply("t1", "API2-NO-AUTH"),
                threat.apply("t2", "FUTURE-RULE"), "{\"specversion\": \"1.0\", \"type\": ", threat.apply("t3", "API2-NO-AUTH")));

        await().atMost(Duration.ofSeconds(30)).until(() -> changesOf(app).size() >= 2
                && recorder.matching(r -> app.equals(r.key()) && r.topic().endsWith(".dlq")).size() >= 2);
        assertThat(changesOf(app)).extracting(r -> r.data(RiskChanged.class).threatId()).containsExactly("t1", "t3");
        List<RecordedEvent> dead = recorder.matching(r -> app.equals(r.key()) && r.topic().endsWith(".dlq"));
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(RecordedEvent::value).anySatisfy(v -> assertThat(v).contains("FUTURE-RULE"))
                .anySatisfy(v -> assertThat(v).startsWith("{\"specversion\": \"1.0\", \"type\": "));
        assertThat(dead).allSatisfy(r -> assertThat(r.headers().get("dead-letter-reason")).isNotBlank());
    }

    @Test
    void aThreatIdentifiedResolvedAndIdentifiedAgainInOnePollIsScoredEachTime() {
        String app = "again-" + UUID.randomUUID();
        ThreatIdentified identified = new ThreatIdentified(app, 1, "t-" + app, "API2-NO-AUTH", "No authentication",
                "API2:2023", "Spoofing", "CWE-306", "GET /again", List.of(), new ThreatContext(false, "unknown"),
                PROVENANCE);
        java.util.function.Function<io.threatloop.contracts.model.ModelEvent, String> event = data -> EventCodec.encode(
                Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), "obs", "c", data));
        kafka.sendTogether(Topics.THREATMODEL_EVENTS, app, List.of(event.apply(identified),
                event.apply(new ThreatResolved(app, 2, identified.threatId(), "API2-NO-AUTH", "secured", PROVENANCE)),
                event.apply(new ThreatIdentified(app, 3, identified.threatId(), "API2-NO-AUTH", "No authentication",
                        "API2:2023", "Spoofing", "CWE-306", "GET /again", List.of(), new ThreatContext(false, "unknown"),
                        PROVENANCE))));

        await().atMost(Duration.ofSeconds(30)).until(() -> changesOf(app).size() >= 3);
        assertThat(changesOf(app)).extracting(r -> r.data(RiskChanged.class))
                .extracting(c -> c.previous() == null ? "none" : "rated", c -> c.current() == null ? "none" : "rated")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("none", "rated"),
                        org.assertj.core.groups.Tuple.tuple("rated", "none"),
                        org.assertj.core.groups.Tuple.tuple("none", "rated"));
    }
}
