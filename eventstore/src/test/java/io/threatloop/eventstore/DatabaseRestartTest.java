package io.threatloop.eventstore;

import io.threatloop.runtime.EmbeddedPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a client of the reactive PostgreSQL driver sees while the server restarts under its
 * transactions: every failure it gets must be one that {@link TransientFailures} tries again,
 * or a consumer would dead-letter (lose) a valid record because the database went away.
 */
class DatabaseRestartTest {

    @TempDir
    static Path data;
    private static EmbeddedPostgres postgres;
    private static Vertx vertx;
    private static Pool pool;

    @BeforeAll
    static void startTheServer() {
        postgres = EmbeddedPostgres.start(data.resolve("postgres"), true, null);
        postgres.createDatabaseNamed("restarts");
        vertx = Vertx.vertx();
        PgConnectOptions connect = PgConnectOptions.fromUri(postgres.reactiveUrl("restarts"))
                .setUser(postgres.user()).setPassword(postgres.password()).setPipeliningLimit(16);
        pool = PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(4));
        pool.query("create table effects (id bigserial primary key, payload text)").execute()
                .toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void stopTheServer() {
        if (pool != null) {
            pool.close().toCompletionStage().toCompletableFuture().join();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyFailureARestartCausesIsTriedAgain() {
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        AtomicLong committed = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        // transactions and plain statements, always some in flight and some queued behind them
        for (int worker = 0; worker < 24; worker++) {
            vertx.runOnContext(ignored -> keepWorking(running, committed, failures));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> committed.get() > 200);

        // a few times: where each restart catches the work differs, and so does what breaks
        for (int restart = 0; restart < 3; restart++) {
            postgres.restart();
            long afterRestart = committed.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> committed.get() > afterRestart + 200);
        }
        running.set(false);

        assertThat(failures).as("the restart broke work in flight").isNotEmpty();
        assertThat(failures).allSatisfy((kind, failure) -> assertThat(TransientFailures.isTransient(failure))
                .as("%s is tried again", kind).isTrue());
    }

    private static void keepWorking(AtomicBoolean running, AtomicLong committed, Map<String, Throwable> failures) {
        if (!running.get()) {
            return;
        }
        Future<?> work = committed.get() % 2 == 0
                ? pool.withTransaction(connection -> connection
                        .query("insert into effects (payload) select repeat('x', 100) from generate_series(1, 50)")
                        .execute().compose(inserted -> connection
                                .query("select count(*) from effects").execute()))
                : pool.query("select sum(length(payload)) from effects").execute();
        work.onComplete(result -> {
            if (result.succeeded()) {
                committed.incrementAndGet();
            } else {
                failures.putIfAbsent(result.cause().getClass().getName() + ": " + result.cause().getMessage(),
                        result.cause());
            }
            // while the server is down, at a pace that does not spin
            vertx.setTimer(result.succeeded() ? 1 : 20, ignored -> keepWorking(running, committed, failures));
        });
    }
}
