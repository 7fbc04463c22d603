package io.threatloop.model;

import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityRequirement;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Observations as the scanner publishes them, for the model-service tests. */
public final class TestObservations {

    private TestObservations() {
    }

    /** One spec with {@code GET /accounts/{}}, with or without bearer authentication, seen at {@code commit}. */
    public static Envelope<SpecObserved> specObserved(String app, String commit, boolean secured) {
        ApiOperation op = new ApiOperation("GET /accounts/{}", "GET", "/accounts/{}", null, false,
                secured ? List.of(new SecurityRequirement(Map.of("bearer", List.of()))) : List.of(), List.of(),
                List.of(), List.of(), List.of("200", "429"), Map.of()); // 429: only the authentication rule applies
        SourceRef source = new SourceRef("git", "file:///repo", commit, "openapi.yaml", "dev", Instant.now());
        SpecObserved data = new SpecObserved(app, source, "sha256:" + commit,
                new ApiSurface("Accounts", "1", "openapi-3.0.3", List.of(), Map.of(), List.of(op)), List.of(), List.of());
        return Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), commit, commit, data);
    }
}
