package io.threatloop.model.persistence;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.EventCatalog;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityRequirement;
import io.threatloop.eventstore.EventStore;
import io.threatloop.eventstore.NewEvent;
import io.threatloop.model.domain.ModelCommand;
import io.threatloop.model.domain.ThreatModel;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.KeycloakTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store benchmark of the model-service issue, with a raw JDBC baseline on the same
 * table in the same run. Not part of the test suite (its name does not match surefire's
 * patterns); run it explicitly, see BENCHMARKS.md:
 * {@code ./mvnw -pl model-service test -Dtest=ModelStoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.events=1000000}. It prints its figures; it asserts only that what it measured is right.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = false)
class ModelStoreBenchmark {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static final Provenance PROVENANCE = new Provenance("bench",
            new SourceRef("git", "file:///bench", "c1", "openapi.yaml", "bench", Instant.EPOCH));
    private static final Map<String, Object> METADATA = Map.of("source", "bench");

    @Inject
    EventStore eventStore;

    @Inject
    Pool pool;

    @Inject
    ModelEventStore store;

    @Inject
    ProjectionRebuild rebuild;

    @Inject
    AgroalDataSource jdbc;

    @Test
    void measure() throws Throwable {
        int appends = Integer.getInteger("bench.appends", 5_000);
        int totalEvents = Integer.getInteger("bench.events", 1_000_000);
        StringBuilder report = new StringBuilder("\n== model store benchmark (" + Runtime.getRuntime()
                .availableProcessors() + " cores, Java " + System.getProperty("java.version") + ")\n");

        report.append(appendOneStream(appends));
        report.append(appendManyStreams(appends, 1_000));
        report.append(loadLongStream(10_000));
        report.append(rebuildProjections(totalEvents));
        System.out.println(report);
    }

    /** One event per transaction (the shape of a command), each after the previous version. */
    private String appendOneStream(int count) throws Throwable {
        String stream = "bench-one-" + UUID.randomUUID();
        long start = System.nanoTime();
        for (int version = 0; version < count; version++) {
            long expected = version;
            run(() -> pool.withTransaction(connection -> eventStore.append(connection, stream, expected, List.of(event()))));
        }
        double eventStoreRate = count / seconds(start);
        String raw = "raw-one-" + UUID.randomUUID();
        start = System.nanoTime();
        rawInsert(List.of(raw), count);
        double rawRate = count / seconds(start);
        return String.format(Locale.ROOT, "append, 1 stream, 1 event per transaction: %,d events: event store %,.0f "
                + "events/s, raw JDBC INSERT %,.0f events/s, ratio %.2f%n", count, eventStoreRate, rawRate,
                eventStoreRate / rawRate);
    }

    /** The same across many streams, round robin. */
    private String appendManyStreams(int count, int streams) throws Throwable {
        String prefix = "bench-many-" + UUID.randomUUID() + "-";
        long[] versions = new long[streams];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int s = i % streams;
            long expected = versions[s]++;
            run(() -> pool.withTransaction(connection -> eventStore.append(connection, prefix + s, expected, List.of(event()))));
        }
        double eventStoreRate = count / seconds(start);
        List<String> rawStreams = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            rawStreams.add("raw-many-" + UUID.randomUUID());
        }
        start = System.nanoTime();
        rawInsert(rawStreams, count);
        double rawRate = count / seconds(start);
        return String.format(Locale.ROOT, "append, %,d streams, 1 event per transaction: %,d events: event store "
                + "%,.0f events/s, raw JDBC INSERT %,.0f events/s, ratio %.2f%n", streams, count, eventStoreRate,
                rawRate, eventStoreRate / rawRate);
    }

    /** A model with {@code count} events, loaded with and without its snapshot, and a raw SELECT of its rows. */
    private String loadLongStream(int count) throws Throwable {
        String app = "bench-long-" + UUID.randomUUID();
        List<ModelEvent> events = history(app, count);
        ThreatModel model = ThreatModel.empty(app);
        for (int from = 0; from < events.size(); from += 100) {
            List<ModelEvent> batch = events.subList(from, Math.min(from + 100, events.size()));
            ThreatModel before = model;
            ThreatModel.Decided decided = new ThreatModel.Decided(batch, model.applyAll(batch));
            run(() -> pool.withTransaction(connection -> store.append(connection, before, decided, null, "bench",
                    null)));
            model = decided.after();
        }
        ThreatModel expected = model;
        double[] withSnapshot = new double[20];
        double[] withoutSnapshot = new double[20];
        double[] rawSelect = new double[20];
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            ThreatModel loaded = run(() -> store.load(pool, app));
            withSnapshot[i] = millis(start);
            start = System.nanoTime();
            ThreatModel replayed = run(() -> store.loadWithoutSnapshot(pool, app));
            withoutSnapshot[i] = millis(start);
            start = System.nanoTime();
            int rows = rawSelect(ModelEventStore.streamId(app));
            rawSelect[i] = millis(start);
            assertThat(loaded.state()).isEqualTo(expected.state());
            assertThat(replayed.state()).isEqualTo(expected.state());
            assertThat(rows).isEqualTo(count);
        }
        return String.format(Locale.ROOT, "load a model of %,d events (median of 20): with snapshot %.1f ms, without "
                        + "%.1f ms (%.0fx); raw JDBC SELECT of its rows %.1f ms (replay without snapshot = %.1fx the raw "
                        + "SELECT)%n", count, median(withSnapshot), median(withoutSnapshot),
                median(withoutSnapshot) / median(withSnapshot), median(rawSelect),
                median(withoutSnapshot) / median(rawSelect));
    }

    /** {@code total} events in streams of 100, written by JDBC batches, then the projections rebuilt from them. */
    private String rebuildProjections(int total) throws Throwable {
        try (Connection connection = jdbc.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("truncate events, snapshots, model_summaries");
        }
        int perStream = 100;
        int streams = total / perStream;
        long start = System.nanoTime();
        try (Connection connection = jdbc.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload, metadata)"
                        + " values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
            connection.setAutoCommit(false);
            for (int s = 0; s < streams; s++) {
                String app = "app-" + s;
                // each model its own history: threat ids are derived from the application
                for (ModelEvent event : history(app, perStream)) {
                    EventCatalog.Entry entry = EventCatalog.entryFor(event.getClass());
                    String payload = EventCodec.mapper().writeValueAsString(event);
                    insert.setString(1, ModelEventStore.streamId(app));
                    insert.setLong(2, event.modelVersion());
                    insert.setObject(3, UUID.randomUUID());
                    insert.setString(4, entry.type());
                    insert.setInt(5, entry.version());
                    insert.setString(6, payload);
                    insert.setString(7, "{}");
                    insert.addBatch();
                }
                if (s % 50 == 49) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
        }
        double loadSeconds = seconds(start);
        start = System.nanoTime();
        int models = run(() -> rebuild.rebuild());
        double rebuildSeconds = seconds(start);
        start = System.nanoTime();
        long rows = 0;
        try (Connection connection = jdbc.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "select stream_id, payload from events order by stream_id, stream_version")) {
                select.setFetchSize(10_000);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        result.getString(2);
                        rows++;
                    }
                }
            }
        }
        double rawSeconds = seconds(start);
        long entryPoints;
        long threats;
        try (Connection connection = jdbc.getConnection(); Statement statement = connection.createStatement();
             ResultSet counts = statement.executeQuery(
                     "select (select count(*) from entry_points), (select count(*) from threat_register)")) {
            counts.next();
            entryPoints = counts.getLong(1);
            threats = counts.getLong(2);
        }
        assertThat(models).isEqualTo(streams);
        // every model ends with its one entry point; the threat is open in the models that end unsecured
        assertThat(entryPoints).isEqualTo(streams);
        assertThat(threats).isPositive();
        assertThat(rows).isEqualTo((long) total);
        return String.format(Locale.ROOT, "rebuild projections from %,d events in %,d streams (%,d entry points and"
                        + " %,d open threats written): %.1f s (%,.0f events/s); raw JDBC SELECT of every payload in stream order %.1f s (rebuild = %.1fx the raw SELECT);"
                        + " writing the events took %.1f s%n", total, streams, entryPoints, threats, rebuildSeconds, total / rebuildSeconds,
                rawSeconds, rebuildSeconds / rawSeconds, loadSeconds);
    }

    /** The events of a model whose one operation loses and regains authentication, {@code count} in all. */
    private static List<ModelEvent> history(String app, int count) {
        ThreatModel model = ThreatModel.empty(app);
        List<ModelEvent> events = new ArrayList<>();
        boolean secured = false;
        while (events.size() < count) {
            ApiOperation op = new ApiOperation("GET /accounts/{}", "GET", "/accounts/{}", null, false,
                    secured ? List.of(new SecurityRequirement(Map.of("bearer", List.of()))) : List.of(), List.of());
            for (ModelEvent event : model.decide(new ModelCommand.ApplySpec(app, "openapi.yaml",
                    new ApiSurface("Accounts", "1", "openapi-3.0.3", List.of(), Map.of(), List.of(op)), PROVENANCE),
                    NOW).events()) {
                if (events.size() < count) {
                    events.add(event);
                    model = model.apply(event);
                }
            }
            secured = !secured;
        }
        return events;
    }

    private static NewEvent event() {
        return new NewEvent(UUID.randomUUID(), "BenchEvent", 1, Map.of("field", "value", "number", 42), METADATA);
    }

    private void rawInsert(List<String> streams, int count) throws Exception {
        long[] versions = new long[streams.size()];
        try (Connection connection = jdbc.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload, metadata)"
                        + " values (?, ?, ?, 'BenchEvent', 1, ?::jsonb, ?::jsonb)")) {
            for (int i = 0; i < count; i++) { // autocommit: one transaction per event, like the event store
                int s = i % streams.size();
                insert.setString(1, streams.get(s));
                insert.setLong(2, ++versions[s]);
                insert.setObject(3, UUID.randomUUID());
                insert.setString(4, "{\"field\":\"value\",\"number\":42}");
                insert.setString(5, "{\"source\":\"bench\"}");
                insert.executeUpdate();
            }
        }
    }

    private int rawSelect(String stream) throws Exception {
        int rows = 0;
        try (Connection connection = jdbc.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select payload from events where stream_id = ? order by stream_version")) {
            select.setString(1, stream);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    result.getString(1);
                    rows++;
                }
            }
        }
        return rows;
    }

    private static <T> T run(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
