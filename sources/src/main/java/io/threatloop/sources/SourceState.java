package io.threatloop.sources;

import io.threatloop.analysis.spec.NormalizedSpec;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a source looked like after the last scanned commit: that commit and the last good
 * normalization of every spec in it. Scanning compares against it, so unchanged specs give no
 * event and every SpecObserved carries the diff against the previous one.
 */
public final class SourceState {

    private String lastCommit;
    private final Map<String, NormalizedSpec> specs = new TreeMap<>();

    /** The state a scanner saved after {@code lastCommit}, to continue from there after a restart. */
    public static SourceState restored(String lastCommit, Map<String, NormalizedSpec> specs) {
        SourceState state = new SourceState();
        state.lastCommit = lastCommit;
        state.specs.putAll(specs);
        return state;
    }

    public String lastCommit() {
        return lastCommit;
    }

    void lastCommit(String commitId) {
        this.lastCommit = commitId;
    }

    public Map<String, NormalizedSpec> specs() {
        return specs;
    }

    public boolean isNew() {
        return lastCommit == null;
    }
}
