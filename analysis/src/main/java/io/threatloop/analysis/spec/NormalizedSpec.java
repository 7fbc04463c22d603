package io.threatloop.analysis.spec;

import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;

/** The surface of one spec file, its content digest, and what the normalizer chose not to follow. */
public record NormalizedSpec(String path, ApiSurface surface, String digest, List<String> findings) {
    public NormalizedSpec {
        findings = List.copyOf(findings);
    }
}
