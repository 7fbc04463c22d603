package io.threatloop.model.observation;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.observation.Exposure;
import io.threatloop.contracts.observation.ExposureRoute;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.observation.WorkloadObserved;
import io.threatloop.contracts.observation.WorkloadPort;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.vertx.VertxContextSupport;
import io.threatloop.eventstore.EventStore;
import io.threatloop.eventstore.NewEvent;
import io.threatloop.testsupport.KafkaTestClient;
import io.threatloop.testsupport.RecordedSpans;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import io.threatloop.testsupport.KeycloakTestResource;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.threatloop.runtime.RecordedEvent;
import io.threatloop.runtime.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;

import static io.threatloop.model.TestObservations.specObserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** model-service against a real Kafka broker and a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = false)
class ObservationFlowTest {

    private static KafkaTestClient kafka;
    private static TopicRecorder recorder;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.recording(List.of(Topics.THREATMODEL_EVENTS,
                Topics.deadLetter(Topics.API_OBSERVATIONS)));
        recorder = kafka.recorder();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static void send(String key, String value) {
        kafka.send(Topics.API_OBSERVATIONS, key, value);
    }

    private static List<RecordedEvent> eventsOf(String app) {
        return recorder.matching(r -> app.equals(r.key()) && r.event() != null);
    }

    @Inject
    RecordedSpans spans;

    @Test
    void theModelEventsContinueTheObservationsTraceInASpanOfTheirOwn() {
        String app = "traced-" + UUID.randomUUID();
        String scan = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        send(app, EventCodec.encode(specObserved(app, "c1", false).withTraceparent(scan)));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app).size() >= 3);
        List<RecordedEvent> events = eventsOf(app);
        String decided = events.get(0).event().traceparent();
        assertThat(events).allSatisfy(r -> assertThat(r.event().traceparent()).isEqualTo(decided));
        assertThat(events.get(0).event().traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        SpanData span = await().atMost(Duration.ofSeconds(10)).until(() -> spans.madeFor(decided), Optional::isPresent)
                .orElseThrow();
        assertThat(span).extracting(SpanData::getName, SpanData::getParentSpanId)
                .containsExactly("model-service decide", "b7ad6b7169203331");
        assertThat(span.getAttributes().asMap()).containsValue(app);

        String untraced = "untraced-" + UUID.randomUUID();
        send(untraced, EventCodec.encode(specObserved(untraced, "c1", false)));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(untraced).size() >= 3);
        String started = eventsOf(untraced).get(0).event().traceparent();
        assertThat(started).as("an observation without a trace starts one").isNotNull();
        assertThat(Envelope.isTraceparent(started)).isTrue();
        assertThat(started.substring(3, 35)).isNotEqualTo("0af7651916cd43dd8448eb211c80319c");
    }

    @Inject
    EventStore eventStore;

    @Inject
    Pool pool;

    @Test
    void aModelAnotherReplicaWroteMeanwhileIsDecidedOnWhatThatReplicaStored() throws Throwable {
        String app = "shared-" + UUID.randomUUID();
        send(app, EventCodec.encode(specObserved(app, "c1", false)));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app).size() >= 3);
        long version = eventsOf(app).stream()
                .mapToLong(r -> ((io.threatloop.contracts.model.ModelEvent) r.event().data()).modelVersion()).max()
                .orElseThrow();

        // another replica decides on the model: this one holds the state it committed before that
        VertxContextSupport.subscribeAndAwait(() -> pool.withTransaction(connection -> eventStore.append(
                connection, "threatmodel-" + app, version, List.of(new NewEvent(UUID.randomUUID(), "OwnerTeamAssigned", 1,
                        Map.of("applicationId", app, "modelVersion", version + 1, "team", "payments",
                                "assignedBy", "another replica"), Map.of())))));
        send(app, EventCodec.encode(specObserved(app, "c2", true)));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app).stream().anyMatch(r -> r.is("ThreatResolved")));
        assertThat(eventsOf(app).stream().filter(r -> "c2".equals(r.event().correlationid()))
                .map(r -> ((io.threatloop.contracts.model.ModelEvent) r.event().data()).modelVersion()))
                .as("decided after the other replica's version %d", version + 1).allMatch(v -> v > version + 1);
        assertThat(recorder.matching(r -> r.topic().endsWith(".dlq") && app.equals(r.key()))).isEmpty();
    }

    @Test
    void anObservationBecomesModelEventsWithTheirCauseAndARedeliveryChangesNothing() {
        String app = "accounts-" + UUID.randomUUID();
        Envelope<SpecObserved> first = specObserved(app, "c1", false);
        send(app, EventCodec.encode(first));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app).size() >= 3);
        List<RecordedEvent> events = eventsOf(app);
        assertThat(events).extracting(r -> r.event().type())
                .containsExactly("ModelCreated", "EntryPointAdded", "ThreatIdentified");
        assertThat(events).allSatisfy(r -> {
            assertThat(r.event().causationid()).isEqualTo(first.id());
            assertThat(r.event().correlationid()).isEqualTo("c1");
            assertThat(r.event().subject()).isEqualTo(app);
            assertThat(r.headers()).containsEntry("content-type", Envelope.CONTENT_TYPE);
        });
        ThreatIdentified threat = events.get(2).data(ThreatIdentified.class);
        assertThat(threat.ruleId()).isEqualTo("API2-NO-AUTH");
        assertThat(threat.provenance().source().revision()).isEqualTo("c1");

        // the same observation again (a redelivery), then a change: only the change has effects
        send(app, EventCodec.encode(first));
        Envelope<SpecObserved> secured = specObserved(app, "c2", true);
        send(app, EventCodec.encode(secured));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app).size() >= 5);
        assertThat(eventsOf(app)).extracting(r -> r.event().type())
                .containsExactly("ModelCreated", "EntryPointAdded", "ThreatIdentified", "EntryPointChanged",
                        "ThreatResolved");
        assertThat(eventsOf(app).get(4).event().causationid()).isEqualTo(secured.id());
    }

    @Test
    void aWorkloadFromTheClusterJoinsTheSpecFromGit() {
        String app = "orders-" + UUID.randomUUID();
        send(app, EventCodec.encode(specObserved(app, "c1", true)));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app).size() >= 2);

        ApiSurface served = new ApiSurface("Accounts", "1", "openapi-3.0.3", List.of(), Map.of(), List.of(
                new ApiOperation("GET /accounts/{}", "GET", "/accounts/{}", null, false, List.of(), List.of()),
                new ApiOperation("POST /admin/reindex", "POST", "/admin/reindex", null, false, List.of(), List.of())));
        SourceRef cluster = new SourceRef("kubernetes", "cluster", "4711", "shop/accounts", null, Instant.now());
        WorkloadObserved workload = new WorkloadObserved(app, cluster, "shop", "accounts", "shop-team",
                List.of(new WorkloadPort("http", 80, "TCP", "8080")),
                new Exposure("internet", List.of(new ExposureRoute("Ingress", "shop/accounts", "api.example.com", "/",
                        false))), null, null, "/q/openapi", served, null);
        send(app, EventCodec.encode(Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), "4711", "4711",
                workload)));

        // the relay may publish one decision's events over two ticks: wait for the last one
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app).stream()
                .anyMatch(r -> r.event().type().equals("ThreatIdentified")
                        && r.data(ThreatIdentified.class).ruleId().equals("MITM-ROUTE-WITHOUT-TLS")));
        assertThat(eventsOf(app)).extracting(r -> r.event().type()).containsSubsequence("WorkloadDeployed",
                "OwnerTeamAssigned", "EntryPointExposureChanged", "ThreatIdentified");
        assertThat(eventsOf(app).stream().filter(r -> r.event().type().equals("ThreatIdentified"))
                .map(r -> r.data(ThreatIdentified.class).ruleId()).toList())
                .contains("API9-SHADOW-OPERATION", "MITM-ROUTE-WITHOUT-TLS");
        assertThat(eventsOf(app).stream().filter(r -> r.event().type().equals("ThreatIdentified"))
                .map(r -> r.data(ThreatIdentified.class)).filter(t -> t.ruleId().equals("API9-SHADOW-OPERATION"))
                .findFirst().orElseThrow().provenance().source().revision()).isEqualTo("4711");
    }

    @Test
    void aScanFailureIsRecordedOnTheModel() {
        String app = "broken-" + UUID.randomUUID();
        SourceRef source = new SourceRef("git", "file:///repo", "c9", "openapi.yaml", "dev", Instant.now());
        send(app, EventCodec.encode(Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), "c9", "c9",
                new ScanFailed(app, source, "invalid YAML/JSON: bad indentation", "openapi.yaml:3:1"))));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app).size() >= 2);
        assertThat(eventsOf(app)).extracting(r -> r.event().type()).containsExactly("ModelCreated", "SourceScanFailed");
    }

    @Test
    void aBrokenRecordGoesToTheDeadLetterTopicWithTheReasonAndTheConsumerCarriesOn() {
        String key = "poison-" + UUID.randomUUID();
        send(key, "{\"specversion\":\"1.0\",\"type\":\"SpecObserved\"");

        await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.matching(r -> key.equals(r.key())
                && r.topic().equals(Topics.deadLetter(Topics.API_OBSERVATIONS))).isEmpty());
        RecordedEvent dead = recorder.matching(r -> key.equals(r.key())).get(0);
        assertThat(dead.headers().get("dead-letter-reason")).contains("not JSON");

        String app = "after-poison-" + UUID.randomUUID();
        send(app, EventCodec.encode(specObserved(app, "c1", true)));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app).size() >= 2);
    }

    @Test
    void onePollsObservationsOfAModelTakeEffectInOrderOnceAndARefusedOneGoesAloneToTheDeadLetterTopic() {
        String app = "batched-" + UUID.randomUUID();
        Envelope<SpecObserved> first = specObserved(app, "c1", false);
        Envelope<SpecObserved> secured = specObserved(app, "c2", true);
        Envelope<SpecObserved> refused = Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), "c3", "c3",
                new SpecObserved(app, null, "sha256:c3", first.data().surface(), List.of(), List.of()));
        // one poll: the first observation, one the model refuses, a redelivery of the first, a change
        kafka.sendTogether(Topics.API_OBSERVATIONS, app, List.of(EventCodec.encode(first), EventCodec.encode(refused),
                EventCodec.encode(first), EventCodec.encode(secured)));

        java.util.function.Supplier<List<RecordedEvent>> modelEvents = () -> recorder.matching(r -> app.equals(r.key())
                && r.topic().equals(Topics.THREATMODEL_EVENTS));
        await().atMost(Duration.ofSeconds(30)).until(() -> modelEvents.get().size() >= 5 && !recorder.matching(r ->
                app.equals(r.key()) && r.topic().equals(Topics.deadLetter(Topics.API_OBSERVATIONS))).isEmpty());
        assertThat(modelEvents.get()).extracting(r -> r.event().type() + " " + r.event().causationid())
                .containsExactly("ModelCreated " + first.id(), "EntryPointAdded " + first.id(),
                        "ThreatIdentified " + first.id(), "EntryPointChanged " + secured.id(),
                        "ThreatResolved " + secured.id());
        List<RecordedEvent> dead = recorder.matching(r -> app.equals(r.key())
                && r.topic().equals(Topics.deadLetter(Topics.API_OBSERVATIONS)));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).event().id()).isEqualTo(refused.id());
        assertThat(dead.get(0).headers().get("dead-letter-reason")).contains("SpecObserved without source");
    }

    /**
     * The corpus's largest file (OpenAI, 3 MB) and the spec with the most places of personal data
     * (Xero accounting: its data assets were once larger than an event may be, and the spec was
     * dead-lettered whole): each is modelled whole, as the scanner would publish it.
     */
    @Test
    void theCorpussLargestSpecsAreModelledWhole() throws Exception {
        for (String file : List.of("xero_accounting.yaml", "openai_openapi.yaml")) {
            byte[] content;
            try (var in = new java.util.zip.GZIPInputStream(getClass().getResourceAsStream("/corpus/" + file + ".gz"))) {
                content = in.readAllBytes();
            }
            var spec = new io.threatloop.analysis.spec.SpecNormalizer().normalize(file, content);
            String app = "largest-" + UUID.randomUUID();
            SourceRef source = new SourceRef("git", "file:///corpus", "c1", file, "dev", Instant.now());
            send(app, EventCodec.encode(Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), "c1", "c1",
                    new SpecObserved(app, source, spec.digest(), spec.surface(), List.of(), spec.findings()))));

            int operations = spec.surface().operations().size();
            await().atMost(Duration.ofSeconds(60)).until(() -> eventsOf(app).stream()
                    .anyMatch(r -> r.event().type().equals("DataAssetsIdentified")));
            assertThat(eventsOf(app)).as(file).filteredOn(r -> r.event().type().equals("EntryPointAdded"))
                    .hasSize(operations);
            assertThat(recorder.matching(r -> app.equals(r.key())
                    && r.topic().equals(Topics.deadLetter(Topics.API_OBSERVATIONS)))).as(file).isEmpty();
        }
    }

    /** Its dead letter once failed (the DLQ producer's 1 MiB), which stopped the consumer for every application. */
    @Test
    void aLargeBrokenRecordGoesToTheDeadLetterTopicTooAndTheConsumerCarriesOn() {
        String key = "large-poison-" + UUID.randomUUID();
        send(key, "{\"specversion\":\"1.0\",\"type\":\"SpecObserved\",\"data\":\"" + "x".repeat(7_000_000));

        await().atMost(Duration.ofSeconds(60)).until(() -> !recorder.matching(r -> key.equals(r.key())
                && r.topic().equals(Topics.deadLetter(Topics.API_OBSERVATIONS))).isEmpty());
        RecordedEvent dead = recorder.matching(r -> key.equals(r.key())).get(0);
        assertThat(dead.value()).hasSizeGreaterThan(7_000_000);
        assertThat(dead.headers().get("dead-letter-reason")).contains("not JSON");

        String app = "after-large-poison-" + UUID.randomUUID();
        send(app, EventCodec.encode(specObserved(app, "c1", true)));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app).size() >= 2);
    }

    /** The broker's view of this service's consumer group, in readiness: the check a stuck partition turns DOWN. */
    @Test
    void readinessWatchesTheObservationConsumersProgress() {
        String app = "progress-" + UUID.randomUUID();
        send(app, EventCodec.encode(specObserved(app, "c1", true)));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(app).size() >= 2);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> io.restassured.RestAssured.given()
                .get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'kafka-consumer-progress' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'kafka-consumer-progress' }.data.groups", org.hamcrest.Matchers.equalTo("model-service"))
                .body("checks.find { it.name == 'kafka-consumer-progress' }.data.'lag.model-service'", org.hamcrest.Matchers.equalTo(0)));
    }
}
