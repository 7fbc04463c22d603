package io.threatloop.scanner.git;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.scanner.persistence.SourceStateStore;
import io.threatloop.scanner.publishing.ObservationPublisher;
import io.threatloop.sources.GitHistoryScanner;
import io.threatloop.sources.SourceObservation;
import io.threatloop.sources.SourceState;
import io.threatloop.sources.fetch.RepositoryFetcher;
import io.threatloop.sources.fetch.TrustedCertificates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polls every configured git source: fetches it into a local bare clone and publishes the
 * observations of each new commit, oldest first. A commit counts as scanned only after all of
 * its observations were acknowledged by Kafka.
 * <p>
 * The state of each source (last commit, last good surface of each spec) is saved in
 * PostgreSQL after each commit's observations were acknowledged, and loaded after a restart;
 * whatever is published again carries the same deterministic ids, so model-service drops it.
 */
@ApplicationScoped
public class GitSourcePoller {

    private static final Logger LOG = Logger.getLogger(GitSourcePoller.class);

    @Inject
    ScannerConfig config;

    @Inject
    ObservationPublisher publisher;

    @Inject
    SourceStateStore store;

    @Inject
    SourceRegistry registry;

    private final Map<String, SourceState> states = new ConcurrentHashMap<>();
    private final Map<String, String> lastProblem = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastPolled = new ConcurrentHashMap<>();

    void trustExtraCertificateAuthorities(@Observes StartupEvent start) {
        config.caFile().ifPresent(file -> LOG.infof("git over https trusts %d extra certificate authorities from %s",
                TrustedCertificates.trustAlso(file), file));
    }

    /** Ticks at the global interval; a source with its own, longer interval is polled when due. */
    @Scheduled(every = "${threatloop.scanner.poll-interval:30s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollAll() {
        Instant now = Instant.now();
        for (GitSource source : registry.all()) {
            Instant last = lastPolled.get(source.name());
            if (source.pollInterval() == null || last == null || !now.isBefore(last.plus(source.pollInterval()))) {
                lastPolled.put(source.name(), now);
                poll(source);
            }
        }
    }

    /** Forgets what the scanner keeps in memory about a source that was deleted. */
    public void forget(String name) {
        states.remove(name);
        lastPolled.remove(name);
        lastProblem.remove(name);
    }

    /** Fetches one source and publishes what its new commits changed; returns how many commits. */
    public synchronized int poll(GitSource source) {
        String name = source.name();
        String url = source.displayUrl();
        String applicationId = source.applicationId();
        SourceState state = states.computeIfAbsent(name, store::load);
        try (Git git = openOrClone(source)) {
            Repository repository = git.getRepository();
            ObjectId head = repository.resolve("refs/heads/" + source.branch());
            if (head == null) {
                report(name, "branch '" + source.branch() + "' not found (yet) in " + url);
                return 0;
            }
            GitHistoryScanner scanner = new GitHistoryScanner(repository, url, applicationId);
            List<RevCommit> commits = scanner.commitsAfter(start(repository, state, source), head);
            for (RevCommit commit : commits) {
                List<SourceObservation> observations = scanner.scan(commit, state);
                for (SourceObservation observation : observations) {
                    publisher.publish(observation);
                    LOG.infof("source '%s' commit %s: %s %s", name, commit.abbreviate(8).name(),
                            observation.event().getClass().getSimpleName(), describe(observation));
                }
                store.save(name, state, observations);
            }
            if (commits.size() > 1) {
                LOG.infof("source '%s': scanned %d commits up to %s", name, commits.size(), head.abbreviate(8).name());
            }
            lastProblem.remove(name);
            return commits.size();
        } catch (IOException | GitAPIException | RuntimeException e) {
            states.remove(name); // reload from the store: the in-memory state may be ahead of what was published
            report(name, "cannot scan " + url + ": " + e.getMessage()
                    + " (check the URL, the branch and that the scanner can read the repository)");
            return 0;
        }
    }

    /** Where to continue: after the last scanned commit, or (first time) before the configured start. */
    private static ObjectId start(Repository repository, SourceState state, GitSource source)
            throws IOException {
        if (state.lastCommit() != null) {
            return repository.resolve(state.lastCommit());
        }
        if (source.from() == null) {
            return null;
        }
        ObjectId from = repository.resolve(source.from() + "^");
        if (repository.resolve(source.from()) == null) {
            throw new IllegalArgumentException("revision '" + source.from() + "' not found");
        }
        return from;
    }

    private Git openOrClone(GitSource source) throws IOException, GitAPIException {
        Path dir = config.workDir().resolve(source.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".git");
        return RepositoryFetcher.fetch(dir, source.url(), source.branch(), source.credentials());
    }

    private void report(String name, String problem) {
        if (!problem.equals(lastProblem.put(name, problem))) {
            LOG.warnf("source '%s': %s", name, problem);
        }
    }

    private static String describe(SourceObservation observation) {
        if (observation.event() instanceof SpecObserved spec) {
            return observation.path() + " (" + spec.surface().operations().size() + " operations, "
                    + spec.changes().size() + " changes)";
        }
        if (observation.event() instanceof ScanFailed failed) {
            return observation.path() + ": " + failed.reason();
        }
        return observation.path();
    }
}
