package io.threatloop.scanner;

import io.threatloop.testsupport.TestServers;
import io.quarkus.test.junit.QuarkusTest;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.observation.ObservationEvent;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.scanner.persistence.SourceStateStore;
import io.threatloop.runtime.GitRepository;
import io.threatloop.testsupport.HostileSpecs;
import io.threatloop.runtime.RecordedEvent;
import io.threatloop.runtime.TopicRecorder;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile and very large specs committed to git, through the scanner to a real Kafka broker
 * (the servers and sources of {@link ScannerFlowTest}): each becomes an observation or a
 * {@code ScanFailed} naming the limit, the source moves on to its next commit, and the other
 * source keeps flowing.
 */
@QuarkusTest
class HostileSourceTest {

    private static TopicRecorder recorder;

    @Inject
    SourceStateStore store;

    @BeforeAll
    static void record() {
        recorder = new TopicRecorder(TestServers.kafka(), List.of(Topics.API_OBSERVATIONS));
    }

    @AfterAll
    static void stop() {
        recorder.close();
    }

    @Test
    void eachHostileCommitBecomesAnObservationOrAScanFailedAndTheSourceMovesOn() {
        String amplified;
        String overBudget;
        String nul;
        String large;
        String tooLarge;
        String last;
        try (GitRepository repo = GitRepository.open(Path.of(System.getProperty("threatloop.test.hostile-repo")))) {
            amplified = repo.commit(HostileSpecs.referenceAmplification(2_990, 1_000), "2,990 references to one list");
            overBudget = repo.commit(HostileSpecs.referenceAmplification(6_000, 1_000), "6,000 references");
            nul = repo.commit("openapi.yaml", HostileSpecs.withNul(), "a NUL in the title");
            large = repo.commit("openapi.yaml", HostileSpecs.large(5_000), "5,000 operations");
            tooLarge = repo.commit("openapi.yaml", HostileSpecs.large(6_000), "6,000 operations");
            last = repo.commit("openapi.yaml", HostileSpecs.large(3), "back to three operations");
        }
        String neighbour;
        try (GitRepository other = GitRepository.open(Path.of(System.getProperty("threatloop.test.neighbour-repo")))) {
            neighbour = other.commit("openapi.yaml", """
                    openapi: 3.0.3
                    info: {title: Neighbour, version: "1"}
                    paths:
                      /neighbour:
                        get:
                          responses: {"200": {description: ok}}
                    """, "the other source goes on");
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> revision(last) != null && revision(neighbour) != null);

        assertThat(revision(amplified).data(SpecObserved.class).surface().operations()).hasSize(1);
        assertThat(revision(overBudget).data(ScanFailed.class).reason())
                .contains("references expand the spec beyond 5000000 nodes");
        assertThat(revision(nul).data(SpecObserved.class).surface().title()).isEqualTo("nul\uFFFDhere");
        SpecObserved largeSpec = revision(large).data(SpecObserved.class);
        assertThat(largeSpec.surface().operations()).hasSize(5_000);
        assertThat(revision(large).value().length()).as("JSON of the 5,000-operation observation").isGreaterThan(1 << 20);
        ScanFailed refused = revision(tooLarge).data(ScanFailed.class);
        assertThat(refused.reason()).contains("openapi.yaml (6000 operations) is too large to publish")
                .contains("threatloop.scanner.max-observation-bytes");
        // the refused surface never reached the model, so the next change is told against the 5,000 operations
        SpecObserved after = revision(last).data(SpecObserved.class);
        assertThat(after.surface().operations()).hasSize(3);
        assertThat(after.changes()).anySatisfy(change -> assertThat(change.kind()).isEqualTo("OPERATION_REMOVED"));

        assertThat(hostile()).extracting(e -> e.event().id()).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(10)).until(() -> last.equals(store.lastCommit("hostile")));
    }

    private static List<RecordedEvent> hostile() {
        return recorder.matching(r -> r.event() != null && r.event().data() instanceof ObservationEvent);
    }

    /** The observation published for a commit (of either source), or null. */
    private static RecordedEvent revision(String commit) {
        return hostile().stream()
                .filter(r -> commit.equals(((ObservationEvent) r.event().data()).source().revision()))
                .filter(r -> !r.is("SpecRemoved"))
                .findFirst().orElse(null);
    }
}
