package io.threatloop.risk.scoring;

import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.EventTooLarge;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.risk.Cause;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.eventstore.Outbox;
import io.threatloop.testsupport.KafkaTestClient;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.threatloop.runtime.RecordedEvent;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A burst like a policy rescore's: events queued in one transaction span several outbox rows and
 * relay batches, and every one reaches Kafka once, under its model's key, each model's in the
 * order queued.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class RescoreEventsRelayTest {

    private static final int EVENTS = 2_345; // five outbox rows, three relay batches

    @Inject
    Outbox outbox;

    @Inject
    AgroalDataSource jdbc;

    @Test
    void aBurstOfEventsReachesKafkaOnceEachInOrderPerModel() throws Throwable {
        String burst = "burst-" + UUID.randomUUID();
        List<Envelope<RiskChanged>> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(Envelope.of(burst + "-" + i, RiskHandler.SOURCE, Instant.now(), burst, burst,
                    new RiskChanged(burst + "-app-" + (i % 7), "t-" + i, "API2-NO-AUTH", "No authentication", null,
                            null, List.of(), List.of(new Cause("policy", "v9", "scoring policy version 9")))));
        }
        try (KafkaTestClient kafka = KafkaTestClient.recording(List.of(Topics.RISK_CHANGES))) {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.enqueue(events)));

            assertThat(kafka.recorder().awaitUntil(all -> ofBurst(all, burst).size() >= EVENTS, Duration.ofSeconds(60)))
                    .as("all %d events on Kafka", EVENTS).isTrue();
            List<RecordedEvent> received = ofBurst(kafka.recorder().all(), burst);
            assertThat(received).extracting(r -> r.event().id())
                    .containsExactlyInAnyOrderElementsOf(events.stream().map(Envelope::id).toList());
            // Kafka orders within a key (a model's partition): each model's events as queued
            for (int app = 0; app < 7; app++) {
                String key = burst + "-app-" + app;
                assertThat(received.stream().filter(r -> key.equals(r.key())).map(r -> r.event().id()))
                        .containsExactlyElementsOf(events.stream().filter(e -> key.equals(e.subject()))
                                .map(Envelope::id).toList());
            }
        }
    }

    @Test
    void aRowQueuedByTheFormerVersionIsStillRelayed() throws Exception {
        String id = "former-" + UUID.randomUUID();
        Envelope<RiskChanged> event = Envelope.of(id, RiskHandler.SOURCE, Instant.now(), id, id, new RiskChanged(
                "former-app", "t-1", "API2-NO-AUTH", "No authentication", null, null, List.of(), List.of()));
        try (KafkaTestClient kafka = KafkaTestClient.recording(List.of(Topics.RISK_CHANGES));
             Connection connection = jdbc.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into outbox (topic, message_key, payload) values (?, ?, ?)")) {
            insert.setString(1, Topics.RISK_CHANGES);
            insert.setString(2, "former-app");
            insert.setString(3, EventCodec.encode(event));
            insert.executeUpdate();

            assertThat(kafka.recorder().awaitUntil(all -> !ofBurst(all, id).isEmpty(), Duration.ofSeconds(30))).isTrue();
            assertThat(ofBurst(kafka.recorder().all(), id)).singleElement()
                    .satisfies(r -> assertThat(r.key()).isEqualTo("former-app"));
        }
    }

    /**
     * Rows the outbox refuses today cannot be queued ({@code EventTooLarge}), but rows queued by an
     * older version, or under a broker limit lower than the producer's, can still be refused by Kafka.
     */
    @Test
    void aRecordKafkaRefusesIsSetAsideWithItsReasonAndTheRecordsAfterItGoOn() throws Throwable {
        String run = "refused-" + UUID.randomUUID();
        String key = run + "-app";
        String huge = "x".repeat(2 * 1024 * 1024); // above the producer's 1 MiB max.request.size
        List<Envelope<RiskChanged>> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(riskChanged(run, run + "-" + i, key, i == 1 ? huge : "scoring policy version 9"));
        }
        try (KafkaTestClient kafka = KafkaTestClient.recording(List.of(Topics.RISK_CHANGES));
             Connection connection = jdbc.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into outbox (topic, message_key, payload) values (?, ?, ?)")) {
            connection.setAutoCommit(false);
            for (Envelope<RiskChanged> event : events) {
                insert.setString(1, Topics.RISK_CHANGES);
                insert.setString(2, key);
                insert.setString(3, EventCodec.encode(event));
                insert.executeUpdate();
            }
            connection.commit();

            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(run + "-1") != null);
            assertThat(deadLetter(run + "-1")).contains("RecordTooLargeException");
            // later events of the same key still go, once each, in order
            Envelope<RiskChanged> after = riskChanged(run, run + "-after", key, "after");
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.enqueue(List.of(after))));
            assertThat(kafka.recorder().awaitUntil(all -> ofBurst(all, run).size() >= 3, Duration.ofSeconds(30)))
                    .isTrue();
            assertThat(ofBurst(kafka.recorder().all(), run)).extracting(r -> r.event().id())
                    .containsExactly(run + "-0", run + "-2", run + "-after");
            // a row is deleted once Kafka acknowledged it, so just after its record arrives
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (PreparedStatement left = connection.prepareStatement(
                        "select count(*) from outbox where payload like ?")) {
                    left.setString(1, "%" + run + "%");
                    try (var rows = left.executeQuery()) {
                        rows.next();
                        assertThat(rows.getLong(1)).as("rows left in the outbox").isZero();
                    }
                }
            });
        }
    }

    @Test
    void anEventTooLargeForAnyTopicCannotBeQueued() {
        String run = "too-large-" + UUID.randomUUID();
        Envelope<RiskChanged> event = riskChanged(run, run, run + "-app", "y".repeat(EventCodec.MAX_EVENT_CHARS));
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> outbox.enqueue(List.of(event)))))
                .isInstanceOf(EventTooLarge.class).hasMessageContaining("RiskChanged event of")
                .hasMessageContaining("at most " + EventCodec.MAX_EVENT_CHARS);
    }

    private static Envelope<RiskChanged> riskChanged(String run, String id, String key, String cause) {
        return Envelope.of(id, RiskHandler.SOURCE, Instant.now(), run, run, new RiskChanged(key, "t-" + id,
                "API2-NO-AUTH", "No authentication", null, null, List.of(), List.of(new Cause("policy", "v9", cause))));
    }

    /** The reason a set-aside event was refused, or null. */
    private String deadLetter(String eventId) throws Exception {
        try (Connection connection = jdbc.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select reason from outbox_dead_letters where event_id = ?")) {
            select.setString(1, eventId);
            try (var rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static List<RecordedEvent> ofBurst(List<RecordedEvent> all, String burst) {
        return all.stream().filter(r -> r.event() != null && burst.equals(r.event().correlationid())).toList();
    }
}
