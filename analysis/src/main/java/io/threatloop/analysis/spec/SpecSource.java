package io.threatloop.analysis.spec;

import java.io.IOException;

/**
 * Reads the files a spec may reference, by path relative to the root of its source (a
 * repository tree, a directory). The normalizer never asks for anything outside that root.
 */
@FunctionalInterface
public interface SpecSource {

    /** The file's bytes, or null when there is no such file. */
    byte[] read(String path) throws IOException;

    /** A source with no other files: every relative reference is reported, not followed. */
    SpecSource NONE = path -> null;
}
