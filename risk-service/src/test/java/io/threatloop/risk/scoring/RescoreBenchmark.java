package io.threatloop.risk.scoring;

import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.threatloop.analysis.risk.ModelRiskContext;
import io.threatloop.analysis.risk.RiskContext;
import io.threatloop.analysis.risk.ScoringPolicy;
import io.threatloop.analysis.threats.RuleCatalogue;
import io.threatloop.analysis.threats.ThreatRule;
import io.threatloop.contracts.EventCodec;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rescoring every open threat after a policy change, on the embedded PostgreSQL: N threats in
 * 1,000 models, then policies put in force through the same path as {@code PUT /api/risks/policy},
 * round after round (bench.rounds, default 3). Not part of the suite (surefire's patterns do not
 * match it): {@code ./mvnw -pl risk-service test -Dtest=RescoreBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbench.threats=100000 -Dbench.rounds=8}. Prints each
 * round's figures with the CPU the JVM (compiling, GC) and PostgreSQL used meanwhile, and how
 * long the relay took to put the round's events on Kafka; asserts only that what it measured is
 * right.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
class RescoreBenchmark {

    @Inject
    AgroalDataSource jdbc;

    @Inject
    PolicyRescore rescore;

    @Inject
    ActivePolicy policy;

    private static double gcSeconds() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() / 1e3;
    }

    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** CPU of the embedded server's processes (user + system, from /proc; 0 where there is none). */
    private static double postgresCpuSeconds() throws IOException {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(process.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                if (stat.contains("(postgres)")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                }
            }
        }
        return ticks / 100.0; // USER_HZ
    }

    private boolean outboxIsEmpty() throws SQLException {
        try (Connection connection = jdbc.getConnection(); Statement count = connection.createStatement()) {
            var rows = count.executeQuery("select not exists (select 1 from outbox)");
            return rows.next() && rows.getBoolean(1);
        }
    }

    @Test
    void rescoreEveryThreatAfterAPolicyChange() throws Throwable {
        int threats = Integer.getInteger("bench.threats", 100_000);
        List<ThreatRule> rules = RuleCatalogue.rules();
        ScoringPolicy inForce = policy.current().policy();
        try (Connection connection = jdbc.getConnection(); Statement clean = connection.createStatement()) {
            clean.execute("truncate threat_risks, model_contexts, outbox");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into threat_risks (threat_id,"
                    + " application_id, rule_id, severity, rating, updated_at, title, target, authenticated,"
                    + " identified_exposure) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < threats; i++) {
                    String rule = rules.get(i % rules.size()).definition().id();
                    boolean authenticated = i % 3 != 0;
                    String exposure = i % 2 == 0 ? "internet" : "cluster-internal";
                    var score = ThreatScorer.score(rule, RiskContext.of(authenticated, exposure), inForce);
                    insert.setString(1, "t-" + i);
                    insert.setString(2, "app-" + (i % 1000));
                    insert.setString(3, rule);
                    insert.setString(4, score.rating().severity());
                    insert.setString(5, StoredRating.write(score.rating()));
                    insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
                    insert.setString(7, rule);
                    insert.setString(8, "GET /r" + i);
                    insert.setBoolean(9, authenticated);
                    insert.setString(10, exposure);
                    insert.addBatch();
                    if (i % 5000 == 4999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }

        ScoringPolicy none = ScoringPolicy.parse(("version: " + (inForce.version() + 1) + "\nrules: {}")
                .getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        for (int i = 0; i < threats; i++) {
            ThreatScorer.score(rules.get(i % rules.size()).definition().id(),
                    ModelRiskContext.empty().forThreat("t-" + i, "GET /r" + i, i % 3 != 0, "internet"), none);
        }
        double scoringSeconds = (System.nanoTime() - start) / 1e9;

        // Round 1 puts a policy without context rules in force (two thirds of the ratings move),
        // round 2 the shipped rules again (they move back), and so on: the first round runs on a
        // cold JVM, the later ones show the steady state of a service that has rescored before.
        int rounds = Integer.getInteger("bench.rounds", 3);
        for (int round = 1; round <= rounds; round++) {
            int version = inForce.version() + round;
            String document = round % 2 == 1 ? "version: " + version + "\nrules: {}"
                    : ScoringPolicy.DEFAULT_DOCUMENT.replaceFirst("(?m)^version: \\d+", "version: " + version);
            double jvmCpu = jvmCpuSeconds();
            double gc = gcSeconds();
            double jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3;
            double postgresCpu = postgresCpuSeconds();
            start = System.nanoTime();
            int changes = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                    policy.store(policy.parse(document), "bench").chain(next -> rescore.rescoreAll(next))));
            double rescoreSeconds = (System.nanoTime() - start) / 1e9;
            jvmCpu = jvmCpuSeconds() - jvmCpu;
            gc = gcSeconds() - gc;
            jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3 - jit;
            postgresCpu = postgresCpuSeconds() - postgresCpu;
            assertThat(changes).isPositive().isLessThanOrEqualTo(threats);
            // the relay publishes the round's events after its commit; the next round starts once
            // they are all on Kafka, so it does not compete with the relay for the cores
            long committed = System.nanoTime();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(this::outboxIsEmpty);
            double relaySeconds = (System.nanoTime() - committed) / 1e9;
            System.out.printf(Locale.ROOT, "%nround %d: rescore %,d threats in 1,000 models after a policy change"
                            + " (%d cores, Java %s): %.2f s = %,.0f threats/s, %,d RiskChanged = %,.0f RiskChanged/s"
                            + " (rows read, rescored, updated and the changes put in the outbox, one transaction);"
                            + " scoring alone in memory: %,.0f threats/s; CPU used meanwhile: this JVM %.2f s (of which"
                            + " compiling %.2f s; GC pauses %.2f s), PostgreSQL %.2f s; then relayed to Kafka in %.2f s%n%n", round, threats,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), rescoreSeconds,
                    threats / rescoreSeconds, changes, changes / rescoreSeconds, threats / scoringSeconds, jvmCpu, jit, gc, postgresCpu, relaySeconds);
        }
    }
}
