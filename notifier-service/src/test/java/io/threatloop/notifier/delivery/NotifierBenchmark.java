package io.threatloop.notifier.delivery;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.threatloop.contracts.EventCodec;
import io.threatloop.notifier.review.ModelReviewState;
import io.threatloop.notifier.review.StalenessSchedule;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * N models (default 10,000) pass their review deadline at once: one scheduled evaluation raises
 * their tasks (tasks/s), then the delivery worker sends each to a webhook receiver that answers in
 * 50 ms (deliveries/s). Not part of the suite (surefire's patterns do not match it):
 * {@code ./mvnw -pl notifier-service test -Dtest=NotifierBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.models=10000}. Prints its figures; asserts only that what it measured is right.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ReceiversTestResource.class, restrictToAnnotatedClass = true)
class NotifierBenchmark {

    @Inject
    AgroalDataSource jdbc;

    @Inject
    StalenessSchedule schedule;

    @Test
    void tenThousandModelsPassTheirReviewDeadlineAtOnce() throws Throwable {
        int models = Integer.getInteger("bench.models", 10_000);
        Instant longAgo = Instant.now().minus(Duration.ofDays(400));
        try (Connection connection = jdbc.getConnection(); Statement clean = connection.createStatement()) {
            clean.execute("truncate model_review_states, review_tasks, deliveries, outbox");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into model_review_states"
                    + " (application_id, team, state, updated_at) values (?, 'bench-team', cast(? as jsonb), now())")) {
                for (int i = 0; i < models; i++) {
                    String app = String.format(Locale.ROOT, "bench-%06d", i);
                    ModelReviewState state = new ModelReviewState(app, "bench-team", longAgo, longAgo, 0,
                            Map.of("HIGH", 1), Set.of());
                    insert.setString(1, app);
                    insert.setString(2, EventCodec.mapper().writeValueAsString(state));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }

        long start = System.nanoTime();
        StalenessSchedule.Evaluation evaluation = VertxContextSupport.subscribeAndAwait(
                () -> schedule.evaluate(Instant.now()));
        double raiseSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(evaluation.raised()).isEqualTo(models);

        long deliveryStart = System.nanoTime();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> count("select count(*) from deliveries where status = 'DELIVERED'") == models);
        double deliverySeconds = (System.nanoTime() - deliveryStart) / 1e9;
        assertThat(ReceiversTestResource.http.requests(r -> r.path().equals("/bench"))).hasSize(models);

        System.out.printf(Locale.ROOT, "%n%,d models past their review deadline (%d cores, Java %s): tasks raised by one"
                        + " evaluation in %.1f s = %,.0f tasks/s (task, ReviewTaskRaised in the outbox, delivery"
                        + " recorded); delivered to a webhook answering in 50 ms in %.1f s = %,.0f deliveries/s%n%n",
                models, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), raiseSeconds,
                models / raiseSeconds, deliverySeconds, models / deliverySeconds);
    }

    private long count(String sql) throws Exception {
        try (Connection connection = jdbc.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
