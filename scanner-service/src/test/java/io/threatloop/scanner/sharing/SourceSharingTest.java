package io.threatloop.scanner.sharing;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.threatloop.contracts.Topics;
import io.threatloop.runtime.GitRepository;
import io.threatloop.runtime.TopicRecorder;
import io.threatloop.testsupport.TestServers;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scanner replicas on one database share the sources. The other replica is played by this
 * test through the database, as a second scanner process would: it records itself alive in
 * {@code scanner_replicas} and holds a source's poll lock. (The sources and servers are
 * ScannerFlowTest's, shared by the module's tests.)
 */
@QuarkusTest
class SourceSharingTest {

    private static TopicRecorder recorder;

    @Inject
    ScannerReplicas replicas;

    @Inject
    AgroalDataSource database;

    @BeforeAll
    static void record() {
        recorder = new TopicRecorder(TestServers.kafka(), List.of(Topics.API_OBSERVATIONS));
    }

    @AfterAll
    static void stop() {
        recorder.close();
    }

    private static boolean observed(String commit) {
        return !recorder.matching(r -> r.event() != null && commit.equals(r.event().causationid())).isEmpty();
    }

    private static String commit(String repositoryProperty, String path) {
        try (GitRepository repo = GitRepository.open(Path.of(System.getProperty(repositoryProperty)))) {
            return repo.commit(path, """
                    openapi: 3.0.3
                    info: {title: Shared, version: "1.0"}
                    paths:
                      /shared:
                        get:
                          responses: {"200": {description: ok}}
                    """, "a commit for the replicas to share in " + repositoryProperty); // distinct ids per repository
        }
    }

    @Test
    void eachReplicaPollsItsShareAndTheSurvivorTakesOverTheShareOfOneThatLeft() throws SQLException {
        String me = replicas.id();
        try (OtherReplica other = OtherReplica.such(database, me, live -> Rendezvous.owner("accounts", live)
                .equals(live.get(1)) && Rendezvous.owner("neighbour", live).equals(me)).join()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> replicas.live().contains(other.id()));
            String theirs = commit("threatloop.test.repo", "shared/openapi.yaml");
            String mine = commit("threatloop.test.neighbour-repo", "shared/openapi.yaml");

            await().atMost(Duration.ofSeconds(30)).until(() -> observed(mine));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !observed(theirs));
            assertThat(replicas.ownerOf("accounts")).isEqualTo(other.id());
            assertThat(replicas.ownedSince("accounts")).as("not this replica's to report stale").isNull();

            other.close(); // it stopped
            await().atMost(Duration.ofSeconds(30)).until(() -> observed(theirs));
            assertThat(replicas.live()).containsExactly(me);
        }
    }

    @Test
    void aSourceAnotherReplicaIsPollingIsLeftAloneUntilItIsDone() throws SQLException {
        try (Connection otherReplica = database.getConnection()) {
            try (PreparedStatement lock = otherReplica.prepareStatement("select pg_advisory_lock(?)")) {
                lock.setLong(1, ScannerReplicas.lockKey("neighbour"));
                lock.execute();
            }
            String commit = commit("threatloop.test.neighbour-repo", "locked/openapi.yaml");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !observed(commit));

            try (PreparedStatement unlock = otherReplica.prepareStatement("select pg_advisory_unlock(?)")) {
                unlock.setLong(1, ScannerReplicas.lockKey("neighbour"));
                unlock.execute();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> observed(commit));
        }
    }
}
