package io.threatloop.scanner.git;

import io.threatloop.analysis.spec.NormalizedSpec;
import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecFiles;
import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.observation.SpecRemoved;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns one commit into observations: every spec file it added, changed or deleted. Plain
 * JGit and the analysis library, no framework, so it is tested on real repositories directly.
 */
public final class CommitScanner {

    private final SpecNormalizer normalizer = new SpecNormalizer();

    public List<SourceObservation> scan(Repository repository, RevCommit commit, String repositoryUrl,
                                        String applicationId) throws IOException {
        List<SourceObservation> observations = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            if (commit.getParentCount() == 0) {
                walk.addTree(new EmptyTreeIterator());
            } else {
                CanonicalTreeParser parent = new CanonicalTreeParser();
                try (var reader = repository.newObjectReader()) {
                    parent.reset(reader, repository.parseCommit(commit.getParent(0)).getTree());
                }
                walk.addTree(parent);
            }
            walk.addTree(commit.getTree());
            List<DiffEntry> changes = DiffEntry.scan(walk);
            changes.sort(Comparator.comparing(c -> c.getChangeType() == DiffEntry.ChangeType.DELETE
                    ? c.getOldPath() : c.getNewPath()));
            for (DiffEntry change : changes) {
                observations.addAll(observe(repository, commit, change, repositoryUrl, applicationId));
            }
        }
        return observations;
    }

    private List<SourceObservation> observe(Repository repository, RevCommit commit, DiffEntry change,
                                            String repositoryUrl, String applicationId) throws IOException {
        List<SourceObservation> result = new ArrayList<>();
        String commitId = commit.getName();
        if (change.getChangeType() == DiffEntry.ChangeType.DELETE || change.getChangeType() == DiffEntry.ChangeType.RENAME) {
            if (SpecFiles.isCandidate(change.getOldPath())) {
                result.add(new SourceObservation(commitId, change.getOldPath(),
                        new SpecRemoved(applicationId, sourceRef(repositoryUrl, commit, change.getOldPath()))));
            }
            if (change.getChangeType() == DiffEntry.ChangeType.DELETE) {
                return result;
            }
        }
        String path = change.getNewPath();
        if (!SpecFiles.isCandidate(path)) {
            return result;
        }
        SourceRef source = sourceRef(repositoryUrl, commit, path);
        ObjectId blob = change.getNewId().toObjectId();
        ObjectLoader loader = repository.open(blob);
        if (loader.getSize() > SpecNormalizer.MAX_BYTES) {
            result.add(new SourceObservation(commitId, path, new ScanFailed(applicationId, source,
                    "spec is " + loader.getSize() + " bytes, above the limit of " + SpecNormalizer.MAX_BYTES, path)));
            return result;
        }
        try {
            NormalizedSpec spec = normalizer.normalize(path, loader.getBytes());
            result.add(new SourceObservation(commitId, path,
                    new SpecObserved(applicationId, source, spec.digest(), spec.surface(), spec.findings())));
        } catch (SpecException e) {
            result.add(new SourceObservation(commitId, path,
                    new ScanFailed(applicationId, source, e.getMessage(), e.location())));
        } catch (RuntimeException e) {
            // a parser bug must not stop the scanner: report it like any unreadable spec
            result.add(new SourceObservation(commitId, path, new ScanFailed(applicationId, source,
                    "could not read the spec: " + e.getClass().getSimpleName() + ": " + e.getMessage(), path)));
        }
        return result;
    }

    private static SourceRef sourceRef(String repositoryUrl, RevCommit commit, String path) {
        return new SourceRef("git", repositoryUrl, commit.getName(), path, commit.getAuthorIdent().getEmailAddress(),
                Instant.ofEpochSecond(commit.getCommitTime()));
    }
}
