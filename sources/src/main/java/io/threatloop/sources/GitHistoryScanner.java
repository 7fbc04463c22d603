package io.threatloop.sources;

import io.threatloop.analysis.diff.SpecDiff;
import io.threatloop.analysis.spec.NormalizedSpec;
import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecFiles;
import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.analysis.spec.SpecSource;
import io.threatloop.analysis.modelfile.ModelFileReader;
import io.threatloop.contracts.observation.ModelFileObserved;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.observation.SpecRemoved;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the commits of a git repository into observations, commit by commit: every API
 * description a commit added, changed (in any of the files its references reach) or removed.
 * A spec whose surface did not change (formatting, info.version) gives no observation.
 */
public final class GitHistoryScanner {

    private final Repository repository;
    private final String repositoryUrl;
    private final String applicationId;
    private final SpecNormalizer normalizer = new SpecNormalizer();

    public GitHistoryScanner(Repository repository, String repositoryUrl, String applicationId) {
        this.repository = repository;
        this.repositoryUrl = RepositoryUrls.withoutCredentials(repositoryUrl);
        this.applicationId = applicationId;
    }

    /** The commits after {@code since} (exclusive, null for all) up to {@code head}, oldest first. */
    public List<RevCommit> commitsAfter(ObjectId since, ObjectId head) throws IOException {
        List<RevCommit> commits = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.sort(RevSort.TOPO, true);
            walk.sort(RevSort.REVERSE, true);
            walk.markStart(walk.parseCommit(head));
            if (since != null) {
                walk.markUninteresting(walk.parseCommit(since));
            }
            walk.forEach(commits::add);
        }
        return commits;
    }

    /** The observations of one commit, compared with {@code state}, which is then moved to this commit. */
    public List<SourceObservation> scan(RevCommit commit, SourceState state) throws IOException {
        RevTree from = state.isNew() || commit.getParentCount() == 0 ? null
                : repository.parseCommit(commit.getParent(0)).getTree();
        return scanAgainst(from, commit, state);
    }

    /**
     * What {@code head} changes against {@code base}, however many commits lie between them (a
     * pull request): the readable specs at each, and the observations of the change (specs
     * added, changed with their diff, removed or no longer readable; the model file if it changed).
     */
    public record Comparison(Map<String, NormalizedSpec> base, Map<String, NormalizedSpec> head,
                             List<SourceObservation> changes) {
    }

    public Comparison compare(RevCommit base, RevCommit head) throws IOException {
        SourceState state = new SourceState();
        scanAgainst(null, base, state);
        Map<String, NormalizedSpec> before = new TreeMap<>(state.specs());
        List<SourceObservation> changes = scanAgainst(base.getTree(), head, state);
        return new Comparison(before, new TreeMap<>(state.specs()), changes);
    }

    /**
     * The state a scanner saved after {@code lastCommit}: each spec read again at the commit
     * its last good surface came from ({@code readAt}, by path). A spec that cannot be read
     * again (its commit is gone after a force-push) is left out, so its next observation comes
     * without a diff; the caller sees which by comparing the keys.
     */
    public SourceState restore(String lastCommit, Map<String, String> readAt) {
        SourceState state = new SourceState();
        state.lastCommit(lastCommit);
        readAt.forEach((path, commitId) -> {
            try {
                RevCommit commit = repository.parseCommit(ObjectId.fromString(commitId));
                TreeSource tree = new TreeSource(repository, commit);
                byte[] content = tree.read(path);
                if (content != null) {
                    state.keep(path, normalizer.normalize(path, content, tree), commitId);
                }
            } catch (IOException | SpecException | RuntimeException | StackOverflowError | OutOfMemoryError unreadable) {
                // left out (the caller logs which), so one spec cannot keep its source from being
                // restored: the spec is then new to the next scan, which reads it whole
            }
        });
        return state;
    }

    /** One file of a commit, or null when the commit has none at that path. */
    public byte[] read(RevCommit commit, String path) throws IOException {
        return new TreeSource(repository, commit).read(path);
    }

    /** {@code commit} against the tree {@code from} (null: the whole tree is new). */
    private List<SourceObservation> scanAgainst(RevTree from, RevCommit commit, SourceState state) throws IOException {
        Set<String> changed = new TreeSet<>();
        Set<String> deleted = new TreeSet<>();
        changedPaths(from, commit, changed, deleted);
        List<SourceObservation> observations = new ArrayList<>();
        Set<String> roots = new TreeSet<>();
        TreeSource tree = new TreeSource(repository, commit);
        for (String path : changed) {
            if (ModelFileReader.isModelFile(path)) {
                continue; // observed after the specs, so it can accept the risks of threats they bring
            }
            if (SpecFiles.isCandidate(path) || state.specs().containsKey(path)) {
                roots.add(path);
            } else if (SpecFiles.isYamlOrJson(path) && looksLikeSpec(tree, path)) {
                roots.add(path);
            }
        }
        state.specs().forEach((root, spec) -> {
            if (spec.files().stream().anyMatch(f -> changed.contains(f) || deleted.contains(f))) {
                roots.add(root);
            }
        });
        for (String root : roots) {
            observe(root, commit, tree, state, observations);
        }
        if (changed.contains(ModelFileReader.PATH)) {
            observeModelFile(ModelFileReader.PATH, commit, tree, observations);
        }
        for (String path : deleted) {
            if (state.forget(path) != null) {
                observations.add(new SourceObservation(commit.getName(), path,
                        new SpecRemoved(applicationId, sourceRef(commit, path))));
            }
        }
        state.lastCommit(commit.getName());
        return observations;
    }

    /** A YAML/JSON file not named like a spec is one when it starts like one; a file too large to read is not. */
    private static boolean looksLikeSpec(TreeSource tree, String path) {
        try {
            byte[] content = tree.read(path);
            return content != null && SpecFiles.looksLikeSpec(path, content);
        } catch (IOException tooLarge) {
            return false;
        }
    }

    private void observe(String root, RevCommit commit, TreeSource tree, SourceState state,
                         List<SourceObservation> observations) throws IOException {
        SourceRef source = sourceRef(commit, root);
        byte[] content;
        try {
            content = tree.read(root);
        } catch (IOException e) {
            observations.add(new SourceObservation(commit.getName(), root,
                    new ScanFailed(applicationId, source, e.getMessage(), root)));
            return;
        }
        if (content == null) {
            return; // deleted: reported with the other deletions
        }
        try {
            NormalizedSpec spec = normalizer.normalize(root, content, tree);
            NormalizedSpec previous = state.keep(root, spec, commit.getName());
            if (previous != null && previous.digest().equals(spec.digest())) {
                return;
            }
            observations.add(new SourceObservation(commit.getName(), root, new SpecObserved(applicationId, source,
                    spec.digest(), spec.surface(),
                    previous == null ? List.of() : SpecDiff.between(previous.surface(), spec.surface()),
                    spec.findings())));
        } catch (SpecException e) {
            if (e.notAnApiDescription() && !state.specs().containsKey(root)) {
                return; // e.g. openapitools.json: named like a spec, but a tool's configuration
            }
            observations.add(new SourceObservation(commit.getName(), root,
                    new ScanFailed(applicationId, source, e.getMessage(), e.location())));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // a parser bug or a spec the bounds missed must not stop the source: report it like any
            // unreadable spec, and the source moves on to its next commit (the tree is garbage by now)
            observations.add(new SourceObservation(commit.getName(), root, new ScanFailed(applicationId, source,
                    "could not read the spec: " + e.getClass().getSimpleName() + ": " + e.getMessage(), root)));
        }
    }

    /** The model file as a {@code ModelFileObserved}, or a {@code ScanFailed} naming the field at fault. */
    private void observeModelFile(String path, RevCommit commit, TreeSource tree, List<SourceObservation> observations) {
        SourceRef source = sourceRef(commit, path);
        try {
            byte[] content = tree.read(path);
            if (content != null) {
                observations.add(new SourceObservation(commit.getName(), path,
                        new ModelFileObserved(applicationId, source, ModelFileReader.read(path, content))));
            }
        } catch (SpecException e) {
            observations.add(new SourceObservation(commit.getName(), path,
                    new ScanFailed(applicationId, source, e.getMessage(), e.location())));
        } catch (IOException | RuntimeException e) {
            observations.add(new SourceObservation(commit.getName(), path, new ScanFailed(applicationId, source,
                    "could not read the model file: " + e.getMessage(), path)));
        }
    }

    private void changedPaths(RevTree from, RevCommit commit, Set<String> changed, Set<String> deleted)
            throws IOException {
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            if (from == null) {
                walk.addTree(new EmptyTreeIterator());
            } else {
                CanonicalTreeParser parent = new CanonicalTreeParser();
                try (var reader = repository.newObjectReader()) {
                    parent.reset(reader, from);
                }
                walk.addTree(parent);
            }
            walk.addTree(commit.getTree());
            for (DiffEntry entry : DiffEntry.scan(walk)) {
                switch (entry.getChangeType()) {
                    case DELETE -> deleted.add(entry.getOldPath());
                    case RENAME -> {
                        deleted.add(entry.getOldPath());
                        changed.add(entry.getNewPath());
                    }
                    default -> changed.add(entry.getNewPath());
                }
            }
        }
    }

    private SourceRef sourceRef(RevCommit commit, String path) {
        return new SourceRef("git", repositoryUrl, commit.getName(), path, commit.getAuthorIdent().getEmailAddress(),
                Instant.ofEpochSecond(commit.getCommitTime()));
    }

    /** Reads files of one commit's tree, for specs split over several files. */
    private static final class TreeSource implements SpecSource {
        private final Repository repository;
        private final RevCommit commit;

        TreeSource(Repository repository, RevCommit commit) {
            this.repository = repository;
            this.commit = commit;
        }

        @Override
        public byte[] read(String path) throws IOException {
            try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (walk == null) {
                    return null;
                }
                ObjectLoader loader = repository.open(walk.getObjectId(0));
                SpecSource.checkSize(path, loader.getSize());
                return loader.getBytes();
            }
        }
    }
}
