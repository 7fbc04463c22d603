package io.threatloop.analysis.spec;

import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;

/**
 * The surface of one spec, its content digest, what the normalizer chose not to follow, and
 * the files it was read from (the root first, then every file its references reached).
 */
public record NormalizedSpec(String path, ApiSurface surface, String digest, List<String> findings,
                             List<String> files) {
    public NormalizedSpec {
        findings = List.copyOf(findings);
        files = List.copyOf(files);
    }
}
