package io.threatloop.model.persistence;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.Topics;
import io.threatloop.eventstore.SnapshotStore;
import io.threatloop.model.domain.ThreatModel;
import io.threatloop.testsupport.KafkaTestClient;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.KeycloakTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.threatloop.model.TestObservations.specObserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A model loaded from its snapshot plus the later events equals the model replayed from all events. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = false)
class SnapshotTest {

    private static final String APP = "snapshots-" + UUID.randomUUID();
    private static KafkaTestClient kafka;

    @Inject
    ModelEventStore store;

    @Inject
    SnapshotStore snapshots;

    @Inject
    Pool pool;

    /** Feeds the model on the test thread: the test itself runs on the event loop and must not block. */
    @BeforeAll
    static void feedTheModel() {
        kafka = KafkaTestClient.recording(List.of(Topics.THREATMODEL_EVENTS));
        // every toggle of authentication is 2 events (entry point changed, threat identified or resolved)
        for (int i = 0; i < 9; i++) {
            kafka.send(Topics.API_OBSERVATIONS, APP, EventCodec.encode(specObserved(APP, "c" + i, i % 2 == 1)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.recorder()
                .matching(r -> APP.equals(r.key()) && r.event() != null).size() >= 19);
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    @RunOnVertxContext
    void aSnapshotIsTakenEveryFewEventsAndLoadingFromItGivesTheSameModel(UniAsserter asserter) {
        asserter.assertThat(() -> snapshots.load(pool, "threatmodel-" + APP, ThreatModel.STATE_VERSION),
                snapshot -> {
                    assertThat(snapshot).isPresent();
                    // every 5 events (test setting), 19 in all: taken at the end of the transaction that
                    // crossed 15 (one observation, or a poll of them)
                    assertThat(snapshot.get().streamVersion()).isBetween(15L, 19L);
                });
        asserter.assertThat(() -> store.load(pool, APP).chain(fromSnapshot ->
                        store.loadWithoutSnapshot(pool, APP).map(replayed -> List.of(fromSnapshot, replayed))),
                models -> {
                    assertThat(models.get(0).version()).isEqualTo(19);
                    assertThat(models.get(0).state()).isEqualTo(models.get(1).state());
                });
    }
}
