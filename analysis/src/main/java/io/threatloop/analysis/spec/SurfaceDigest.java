package io.threatloop.analysis.spec;

import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiParameter;
import io.threatloop.contracts.surface.ApiServer;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityRequirement;
import io.threatloop.contracts.surface.SecurityScheme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content digest of a surface: SHA-256 over a canonical text of everything but the title
 * and info.version, so that a release which only bumps the version is no change. Written by
 * hand because serializing a large surface to JSON just to hash it was the costliest step of
 * normalizing a spec. Every field of the surface records must appear here.
 */
final class SurfaceDigest {

    private final StringBuilder text = new StringBuilder(4096);

    private SurfaceDigest() {
    }

    static String of(ApiSurface surface) {
        SurfaceDigest digest = new SurfaceDigest();
        digest.surface(surface);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(digest.text.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void surface(ApiSurface surface) {
        put("format", surface.specFormat());
        for (ApiServer server : surface.servers()) {
            put("server", server.url()).put(server.scheme()).put(server.host()).put(server.basePath());
        }
        new TreeMap<>(surface.securitySchemes()).forEach((name, scheme) -> scheme(name, scheme));
        surface.operations().forEach(this::operation);
        put("webhooks", String.join(",", surface.webhooks()));
    }

    private void scheme(String name, SecurityScheme scheme) {
        put("scheme", name).put(scheme.type()).put(scheme.scheme()).put(scheme.in()).put(scheme.bearerFormat())
                .put(scheme.name()).put(String.join(",", scheme.flows())).put(new TreeMap<>(scheme.urls()));
    }

    private void operation(ApiOperation op) {
        put("op", op.id()).put(op.method()).put(op.path()).put(op.operationId()).put(op.deprecated());
        for (SecurityRequirement requirement : op.security()) {
            text.append("|sec");
            new TreeMap<>(requirement.schemes()).forEach((name, scopes) -> put(name).put(String.join(",", scopes)));
        }
        for (ApiParameter p : op.parameters()) {
            put("param", p.name()).put(p.in()).put(p.required()).put(p.type()).put(p.format()).put(p.pattern())
                    .put(p.maxLength()).put(p.minimum()).put(p.maximum()).put(String.join(",", p.enumValues()))
                    .put(p.bounded()).put(p.urlExample());
        }
        op.requestFields().forEach(f -> field("req", f));
        op.responseFields().forEach(f -> field("res", f));
        put("codes", String.join(",", op.responseCodes()));
        put("headers", String.join(",", op.responseHeaders()));
        put("callbacks", String.join(",", op.callbacks()));
        put("consumes", String.join(",", op.requestMediaTypes()));
        for (Map.Entry<String, String> extension : new TreeMap<>(op.extensions()).entrySet()) {
            put("x", extension.getKey()).put(extension.getValue());
        }
    }

    private void field(String side, ApiField f) {
        put(side, f.path()).put(f.type()).put(f.format()).put(f.required()).put(f.readOnly()).put(f.writeOnly())
                .put(f.maxLength()).put(f.pattern()).put(f.openObject()).put(f.maximum()).put(f.maxItems()).put(f.enumerated())
                .put(f.closed()).put(f.minimum()).put(f.urlExample());
    }

    private SurfaceDigest put(String label, Object value) {
        text.append('\n').append(label);
        return put(value);
    }

    private SurfaceDigest put(Object value) {
        // length-prefixed, so that no value can imitate a separator
        String s = String.valueOf(value);
        text.append('|').append(s.length()).append(':').append(s);
        return this;
    }
}
