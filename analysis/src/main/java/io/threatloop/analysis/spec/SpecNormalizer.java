package io.threatloop.analysis.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OpenAPI 3.0/3.1 or Swagger 2.0 description (YAML or JSON, one file or several
 * joined by relative {@code $ref}s) into an {@link ApiSurface}.
 * <p>
 * Security: nothing outside the spec's source is ever read or fetched. {@link RefBundler}
 * inlines references to other files of the source and drops (and names) every other external
 * reference. The surface is then read straight from the document tree ({@link SurfaceExtractor}).
 */
public final class SpecNormalizer {

    public static final int MAX_BYTES = DocumentReader.MAX_BYTES;

    private final boolean strict;

    /** A normalizer that reads well-known YAML slips leniently, saying what it assumed. */
    public SpecNormalizer() {
        this(false);
    }

    /** {@code strict}: refuse the YAML slips a lenient reading forgives (the CLI's --strict). */
    public SpecNormalizer(boolean strict) {
        this.strict = strict;
    }

    /** A single self-contained document. */
    public NormalizedSpec normalize(String path, byte[] content) throws SpecException {
        return normalize(path, content, SpecSource.NONE);
    }

    /** A document whose relative references are read from {@code source}. */
    public NormalizedSpec normalize(String path, byte[] content, SpecSource source) throws SpecException {
        List<String> findings = new ArrayList<>();
        DocumentReader.Document document = DocumentReader.readDocument(path, content, findings, strict);
        JsonNode tree = document.tree();
        if (!tree.isObject()) {
            throw SpecException.notAnApiDescription("not an OpenAPI or Swagger document: the top level is not a mapping",
                    path);
        }
        if (!tree.has("openapi") && !tree.has("swagger")) {
            throw SpecException.notAnApiDescription(
                    "not an OpenAPI or Swagger document: no 'openapi' or 'swagger' field", path);
        }
        RefBundler.Bundle bundle = RefBundler.bundle(path, document, source, findings, strict);
        ApiSurface surface = SurfaceExtractor.extract(path, bundle.tree());
        return new NormalizedSpec(path, surface, SurfaceDigest.of(surface), List.copyOf(new java.util.LinkedHashSet<>(findings)),
                List.copyOf(bundle.files()));
    }

}
