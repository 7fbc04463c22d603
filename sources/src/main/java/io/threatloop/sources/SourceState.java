package io.threatloop.sources;

import io.threatloop.analysis.spec.NormalizedSpec;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a source looked like after the last scanned commit: that commit and the last good
 * normalization of every spec in it, with the commit it was read at. Scanning compares against
 * it, so unchanged specs give no event and every SpecObserved carries the diff against the
 * previous one. Only the commits need saving: a surface can always be read again from git
 * ({@link GitHistoryScanner#restore}).
 */
public final class SourceState {

    private String lastCommit;
    private final Map<String, NormalizedSpec> specs = new TreeMap<>();
    private final Map<String, String> readAt = new TreeMap<>();

    public String lastCommit() {
        return lastCommit;
    }

    void lastCommit(String commitId) {
        this.lastCommit = commitId;
    }

    public Map<String, NormalizedSpec> specs() {
        return Collections.unmodifiableMap(specs);
    }

    /** The commit each spec's last good surface was read at, by path. */
    public Map<String, String> readAt() {
        return Collections.unmodifiableMap(readAt);
    }

    public boolean isNew() {
        return lastCommit == null;
    }

    /** Keeps {@code spec} as read at {@code commit}; returns the one it replaces, or null. */
    NormalizedSpec keep(String path, NormalizedSpec spec, String commit) {
        readAt.put(path, commit);
        return specs.put(path, spec);
    }

    /** Forgets a spec; returns it, or null if it was not known. */
    NormalizedSpec forget(String path) {
        readAt.remove(path);
        return specs.remove(path);
    }

    public SourceState copy() {
        SourceState copy = new SourceState();
        copy.lastCommit = lastCommit;
        copy.specs.putAll(specs);
        copy.readAt.putAll(readAt);
        return copy;
    }

    /** Puts back what {@code before} knew of {@code path}: an observation of it the model never got. */
    public void revert(String path, SourceState before) {
        forget(path);
        NormalizedSpec previous = before.specs.get(path);
        if (previous != null) {
            keep(path, previous, before.readAt.get(path));
        }
    }
}
