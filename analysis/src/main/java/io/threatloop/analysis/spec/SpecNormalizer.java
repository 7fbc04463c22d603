package io.threatloop.analysis.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.surface.ApiSurface;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads an OpenAPI 3.0/3.1 or Swagger 2.0 description (YAML or JSON, one file or several
 * joined by relative {@code $ref}s) into an {@link ApiSurface}.
 * <p>
 * Security: nothing outside the spec's source is ever read or fetched. {@link RefBundler}
 * inlines references to other files of the source and drops (and names) every other external
 * reference; the parser then runs with reference resolution off.
 */
public final class SpecNormalizer {

    public static final int MAX_BYTES = DocumentReader.MAX_BYTES;

    /** Map order is not stable across JVMs; the digest must be. */
    private static final ObjectMapper CANONICAL = EventCodec.mapper().copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** A single self-contained document. */
    public NormalizedSpec normalize(String path, byte[] content) throws SpecException {
        return normalize(path, content, SpecSource.NONE);
    }

    /** A document whose relative references are read from {@code source}. */
    public NormalizedSpec normalize(String path, byte[] content, SpecSource source) throws SpecException {
        List<String> findings = new ArrayList<>();
        JsonNode tree = DocumentReader.read(path, content, findings);
        if (!tree.isObject()) {
            throw SpecException.notAnApiDescription("not an OpenAPI or Swagger document: the top level is not a mapping",
                    path);
        }
        if (!tree.has("openapi") && !tree.has("swagger")) {
            throw SpecException.notAnApiDescription(
                    "not an OpenAPI or Swagger document: no 'openapi' or 'swagger' field", path);
        }
        RefBundler.Bundle bundle = RefBundler.bundle(path, tree, source, findings);
        OpenAPI api = parse(path, bundle.tree());
        String format = tree.has("swagger") ? "swagger-" + tree.get("swagger").asText() : "openapi-" + api.getOpenapi();
        ApiSurface surface = SurfaceExtractor.extract(api, format);
        return new NormalizedSpec(path, surface, digest(surface), List.copyOf(new java.util.LinkedHashSet<>(findings)),
                List.copyOf(bundle.files()));
    }

    private static OpenAPI parse(String path, JsonNode tree) throws SpecException {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        options.setResolveFully(false);
        options.setValidateExternalRefs(false);
        options.setValidateInternalRefs(false);
        SwaggerParseResult result;
        try {
            // the tree is already read and bounded; hand it over as JSON, which parses fastest
            result = new OpenAPIParser().readContents(EventCodec.mapper().writeValueAsString(tree), null, options);
        } catch (RuntimeException | JsonProcessingException | StackOverflowError e) {
            throw new SpecException("unreadable API description: " + e.getClass().getSimpleName() + " "
                    + e.getMessage(), path);
        }
        if (result == null || result.getOpenAPI() == null) {
            List<String> messages = result == null || result.getMessages() == null ? List.of() : result.getMessages();
            throw new SpecException("not a valid API description: " + String.join("; ", messages), path);
        }
        return result.getOpenAPI();
    }

    /** The digest ignores title and info.version: a release that only bumps the version is no change. */
    private static String digest(ApiSurface surface) {
        ApiSurface content = new ApiSurface(null, null, surface.specFormat(), surface.servers(),
                surface.securitySchemes(), surface.operations());
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(content);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
