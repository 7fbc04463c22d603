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

    /**
     * For implementations: refuses a file above {@link SpecNormalizer#MAX_BYTES} by its size,
     * before loading it, with the same reason the normalizer gives.
     */
    static void checkSize(String path, long size) throws IOException {
        if (size > SpecNormalizer.MAX_BYTES) {
            throw new IOException("spec is " + size + " bytes, above the limit of " + SpecNormalizer.MAX_BYTES);
        }
    }

    /** A source with no other files: every relative reference is reported, not followed. */
    SpecSource NONE = path -> null;
}
