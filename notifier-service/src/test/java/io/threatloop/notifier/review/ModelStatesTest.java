package io.threatloop.notifier.review;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stored review states of models, against a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ModelStatesTest {

    @Inject
    AgroalDataSource jdbc;

    @Inject
    ModelStates modelStates;

    @Inject
    Pool pool;

    /**
     * The model and the risk streams see a new model at once: the second transaction waits for
     * the first one's row and continues from it, where two plain inserts failed one on the key.
     */
    @Test
    void twoTransactionsThatSeeANewModelAtOnceShareItsOneRow() throws Throwable {
        String app = "new-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-12-07T00:00:00Z");
        ModelCreated created = new ModelCreated(app, 1, null);
        CompletableFuture<Void> firstHoldsTheRow = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();

        CompletableFuture<Void> first = inTransaction(connection -> modelStates.locked(connection, List.of(app))
                .invoke(() -> firstHoldsTheRow.complete(null))
                .chain(states -> Uni.createFrom().completionStage(release).replaceWith(states))
                .chain(states -> modelStates.save(connection, List.of(states.get(app).apply(created, at)))));
        firstHoldsTheRow.get(30, TimeUnit.SECONDS);
        CompletableFuture<Void> second = inTransaction(connection -> modelStates.locked(connection, List.of(app))
                .chain(states -> modelStates.save(connection, List.of(states.get(app).apply(created, at)))));
        await().atMost(Duration.ofSeconds(30)).until(this::anInsertWaitsForALock);
        release.complete(null);

        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS); // failed with a duplicate key before
        ModelReviewState stored = stored(app);
        assertThat(stored).isEqualTo(ModelReviewState.empty(app).apply(created, at).apply(created, at));
    }

    /** States go to the database in arrays: what an array literal would treat as syntax stays text. */
    @Test
    void aStateWithQuotesBackslashesAndSeparatorsIsStoredAsItWas() throws Throwable {
        String app = "odd-" + UUID.randomUUID();
        String team = "a \"team\", C:\\ {x} NULL";
        ModelReviewState assigned = ModelReviewState.empty(app).apply(new OwnerTeamAssigned(app, 2, team, null, "alice"),
                Instant.parse("2026-12-07T00:00:00Z"));
        inTransaction(connection -> modelStates.locked(connection, List.of(app))
                .chain(states -> modelStates.save(connection, List.of(assigned)))).get(30, TimeUnit.SECONDS);

        ModelReviewState stored = stored(app);
        assertThat(stored).isEqualTo(assigned);
        assertThat(stored.team()).isEqualTo(team);
    }

    private ModelReviewState stored(String app) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool.withTransaction(
                connection -> modelStates.locked(connection, List.of(app))).map(states -> states.get(app)));
    }

    private CompletableFuture<Void> inTransaction(java.util.function.Function<SqlConnection, Uni<Void>> work) {
        return CompletableFuture.runAsync(() -> {
            try {
                VertxContextSupport.subscribeAndAwait(() -> pool.withTransaction(work));
            } catch (Throwable e) {
                throw new CompletionException(e);
            }
        });
    }

    private boolean anInsertWaitsForALock() throws Exception {
        try (Connection connection = jdbc.getConnection();
             PreparedStatement waiting = connection.prepareStatement("select count(*) from pg_stat_activity"
                     + " where wait_event_type = 'Lock' and query like 'insert into model_review_states%'");
             ResultSet rows = waiting.executeQuery()) {
            return rows.next() && rows.getInt(1) > 0;
        }
    }
}
