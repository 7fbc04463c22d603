package io.threatloop.scanner.git;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.scanner.persistence.SourceStateStore;
import io.threatloop.api.tracing.EventTracing;
import io.threatloop.scanner.publishing.ObservationPublisher;
import io.threatloop.scanner.sharing.ScannerReplicas;
import io.threatloop.sources.GitHistoryScanner;
import io.threatloop.sources.SourceObservation;
import io.threatloop.sources.SourceState;
import io.threatloop.sources.fetch.HostGuard;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Polls every configured git source: fetches it into a local bare clone and publishes the
 * observations of each new commit, oldest first. A commit counts as scanned only after all of
 * its observations were acknowledged by Kafka.
 * <p>
 * Scanner replicas on one database share the sources ({@link ScannerReplicas}): each polls its
 * share on its schedule, and never a source another replica is polling at the moment.
 * <p>
 * Each source is polled on its own, on a small pool ({@code poll-parallelism}), one poll per
 * source at a time: whatever one source's poll throws (an {@link OutOfMemoryError} included)
 * is that source's failure, recorded in {@link SourceStatuses}; the schedule and every other
 * source go on.
 * <p>
 * The state of each source (last commit, and the commit each spec's last good surface was read
 * at) is saved in PostgreSQL after each commit's observations were acknowledged; after a
 * restart the surfaces are read again from git at those commits. Whatever is published again
 * carries the same deterministic ids, so model-service drops it.
 */
@ApplicationScoped
public class GitSourcePoller {

    private static final Logger LOG = Logger.getLogger(GitSourcePoller.class);

    @Inject
    ScannerConfig config;

    @Inject
    ObservationPublisher publisher;

    @Inject
    EventTracing tracing;

    @Inject
    ScannerReplicas replicas;

    @Inject
    SourceStateStore store;

    @Inject
    SourceRegistry registry;

    @Inject
    SourceStatuses statuses;

    private final Map<String, SourceState> states = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastPolled = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Sources whose scheduled poll is queued or running: never queued twice. */
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    /** Sources asked for a scan while theirs was queued or running: polled once more after it. */
    private final Set<String> again = ConcurrentHashMap.newKeySet();
    private ExecutorService pool;

    void start(@Observes StartupEvent start) {
        config.caFile().ifPresent(file -> LOG.infof("git over https trusts %d extra certificate authorities from %s",
                TrustedCertificates.trustAlso(file), file));
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(Math.max(1, config.pollParallelism()), runnable -> {
            Thread thread = new Thread(runnable, "source-poll-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void stop(@Observes ShutdownEvent stop) {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Ticks at the global interval; a source with its own, longer interval is polled when due. */
    @Scheduled(every = "${threatloop.scanner.poll-interval:30s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollAll() {
        Instant now = Instant.now();
        statuses.ticked(now);
        try {
            replicas.heartbeat();
            for (GitSource source : registry.all()) {
                if (!replicas.owns(source.name())) {
                    continue; // another scanner replica's share
                }
                Instant last = lastPolled.get(source.name());
                if (source.pollInterval() == null || last == null || !now.isBefore(last.plus(source.pollInterval()))) {
                    schedule(source, now, true);
                }
            }
        } catch (Throwable e) { // the schedule must survive anything, or every source goes stale
            LOG.errorf(e, "cannot list the git sources; next try in %s", config.pollInterval());
        }
    }

    /**
     * A scan as soon as the pool has room (a push webhook): at most one queued per source, and
     * a push that comes while its poll runs gets one more poll after it (the push may be newer
     * than what the running poll fetched). However many pushes arrive, the queue stays bounded.
     */
    public void scanSoon(GitSource source) {
        if (!schedule(source, Instant.now(), false)) {
            again.add(source.name());
        }
    }

    /**
     * False when the source's previous poll is still queued or running. A poll {@code onSchedule}
     * is dropped when its turn comes if the source has become another replica's meanwhile; one
     * asked for (a push, "scan now") runs on whichever replica got the request.
     */
    private boolean schedule(GitSource source, Instant now, boolean onSchedule) {
        if (pool == null || !scheduled.add(source.name())) {
            return false;
        }
        lastPolled.put(source.name(), now);
        try {
            pool.execute(() -> {
                try {
                    if (!onSchedule || replicas.owns(source.name())) {
                        poll(source);
                    }
                } finally {
                    scheduled.remove(source.name());
                    if (again.remove(source.name())) {
                        registry.find(source.name()).ifPresent(current -> schedule(current, Instant.now(), false));
                    }
                }
            });
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            scheduled.remove(source.name());
            return true;
        }
    }

    /** Forgets what the scanner keeps in memory about a source that was deleted. */
    public void forget(String name) {
        states.remove(name);
        lastPolled.remove(name);
        statuses.forget(name);
    }

    /**
     * Whether {@code source}, which this replica polls, has gone without a completed poll for
     * longer than it may: counted from its last success, or from when this replica started or
     * took it over. A source another replica polls is that replica's to report.
     */
    public boolean isStale(GitSource source, Instant now) {
        Instant ownedSince = replicas.ownedSince(source.name());
        if (ownedSince == null) {
            return false;
        }
        Instant since = ownedSince.isAfter(statuses.started()) ? ownedSince : statuses.started();
        return statuses.of(source.name()).isStale(now, since, staleAfter(source));
    }

    /** How long a source may go without a completed poll before it counts as stale. */
    public Duration staleAfter(GitSource source) {
        Duration interval = source.pollInterval() == null ? config.pollInterval() : source.pollInterval();
        return config.staleAfter().orElseGet(() -> {
            Duration five = interval.multipliedBy(5);
            return five.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : five;
        });
    }

    /**
     * Fetches one source and publishes what its new commits changed; returns how many commits.
     * Never throws: a failure is recorded as the source's status and logged.
     */
    public int poll(GitSource source) {
        ReentrantLock lock = locks.computeIfAbsent(source.name(), name -> new ReentrantLock());
        lock.lock();
        try {
            Optional<AutoCloseable> held = replicas.lockForPoll(source.name());
            if (held.isEmpty()) {
                LOG.debugf("source '%s': another scanner replica is polling it", source.name());
                return 0;
            }
            try (AutoCloseable polling = held.get()) {
                statuses.started(source.name(), Instant.now());
                int commits = scan(source);
                statuses.succeeded(source.name(), Instant.now());
                return commits;
            }
        } catch (Throwable e) {
            states.remove(source.name()); // reload from the store: the in-memory state may be ahead of what was published
            String problem = problem(source, e);
            String before = statuses.of(source.name()).lastError();
            statuses.failed(source.name(), problem);
            if (!problem.equals(before)) { // once per new problem, not once per poll
                LOG.warnf("source '%s': %s", source.name(), problem);
            }
            return 0;
        } finally {
            lock.unlock();
        }
    }

    private int scan(GitSource source) throws IOException, GitAPIException {
        String name = source.name();
        try (Git git = openOrClone(source)) {
            Repository repository = git.getRepository();
            ObjectId head = repository.resolve("refs/heads/" + source.branch());
            if (head == null) {
                throw new BranchMissing("branch '" + source.branch() + "' not found (yet) in " + source.displayUrl());
            }
            GitHistoryScanner scanner = new GitHistoryScanner(repository, source.displayUrl(), source.applicationId());
            SourceState known = states.get(name);
            SourceState state = known != null && Objects.equals(known.lastCommit(), store.lastCommit(name)) ? known
                    : restore(name, scanner); // first poll here, or another replica scanned it since
            states.put(name, state);
            List<RevCommit> commits = scanner.commitsAfter(start(repository, state, source), head);
            int done = 0;
            if (!commits.isEmpty()) { // a poll that finds nothing new keeps the last scan's figures
                statuses.progress(name, done, commits.size());
            }
            for (RevCommit commit : commits) {
                tracing.newTrace("scanner-service scan commit", source.applicationId(), traceparent -> {
                    scan(source, scanner, commit, state);
                    return null;
                });
                statuses.progress(name, ++done, commits.size());
            }
            if (commits.size() > 1) {
                LOG.infof("source '%s': scanned %d commits up to %s", name, commits.size(), head.abbreviate(8).name());
            }
            return commits.size();
        }
    }

    /** The state saved for a source, its specs read again from git at the commits it names. */
    private SourceState restore(String name, GitHistoryScanner scanner) {
        SourceStateStore.Saved saved = store.load(name);
        if (saved == null) {
            return new SourceState();
        }
        SourceState state = scanner.restore(saved.lastCommit(), saved.readAt());
        saved.readAt().forEach((path, commit) -> {
            if (!state.specs().containsKey(path)) {
                statuses.unrestored(name);
                LOG.warnf("source '%s': %s can no longer be read at %s (history rewritten?); its next change"
                        + " is observed without a diff", name, path, commit);
            }
        });
        return state;
    }

    /** One commit's observations, published, and the source's state saved after them (one trace per commit). */
    private void scan(GitSource source, GitHistoryScanner scanner, RevCommit commit, SourceState state)
            throws IOException {
        SourceState before = state.copy();
        List<SourceObservation> observations = scanner.scan(commit, state);
        for (SourceObservation observation : observations) {
            SourceObservation published = publisher.publish(observation);
            if (published != observation) { // too large to publish: the model keeps the last surface it got
                state.revert(observation.path(), before);
            }
            LOG.infof("source '%s' commit %s: %s %s", source.name(), commit.abbreviate(8).name(),
                    published.event().getClass().getSimpleName(), describe(published));
        }
        store.save(source.name(), state, observations);
    }

    private static String problem(GitSource source, Throwable e) {
        if (e instanceof BranchMissing) {
            return e.getMessage();
        }
        String what = e instanceof IOException || e instanceof GitAPIException || e instanceof RuntimeException
                ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return "cannot scan " + source.displayUrl() + ": " + what
                + " (check the URL, the branch and that the scanner can read the repository)";
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
        return RepositoryFetcher.fetch(dir, source.url(), source.branch(), source.credentials(), guardFor(source));
    }

    /**
     * A URL from the sources API is a server-side request a user chose: every connection of its
     * fetch is held to its own host and, unless the operator allows private hosts, to public
     * addresses. Configured sources are the operator's own and go where they point.
     */
    private Optional<HostGuard> guardFor(GitSource source) {
        if (source.origin() != GitSource.Origin.API) {
            return Optional.empty();
        }
        return HostGuard.forUserUrl(source.url(), config.sourcesApi().allowPrivateHosts());
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

    /** The configured branch does not exist (yet): the source is failing, with that reason. */
    private static final class BranchMissing extends RuntimeException {
        BranchMissing(String message) {
            super(message, null, false, false);
        }
    }
}
