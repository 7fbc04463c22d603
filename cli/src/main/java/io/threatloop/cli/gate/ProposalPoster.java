package io.threatloop.cli.gate;

import io.threatloop.contracts.EventCodec;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --post URL}: sends the delta to a running threatloop (model-service's
 * {@code POST /api/models/{app}/proposed-changes}) so the model's history records the proposed
 * change. The bearer token comes from {@code THREATLOOP_TOKEN}, never from the command line, and
 * is only sent over https (or to this machine).
 */
final class ProposalPoster {

    static final String TOKEN_ENV = "THREATLOOP_TOKEN";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final URI base;
    private final String token;

    private ProposalPoster(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Checks the URL and the token before any work is done; the message says what to fix. */
    static ProposalPoster to(String url, String token) {
        URI uri;
        try {
            uri = URI.create(url.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--post wants model-service's base URL, e.g. https://threatloop.example.com");
        }
        boolean loopback = uri.getHost() != null && LOOPBACK.contains(uri.getHost());
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
            throw new IllegalArgumentException("--post " + url + ": the token is only sent over https (or http to"
                    + " localhost)");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("--post needs a token in " + TOKEN_ENV + " (an analyst of the"
                    + " model's team; e.g. a Keycloak service account's access token)");
        }
        return new ProposalPoster(uri, token.strip());
    }

    /** Posts; returns null when recorded, else what went wrong. */
    String post(GateResult result) throws IOException, InterruptedException {
        Map<String, Object> body = Map.of(
                "base", result.base(), "head", result.head(),
                "introduced", threats(result.introduced()), "resolved", threats(result.resolved()),
                "specs", result.specs().stream().map(GateResult.SpecDelta::path).toList(),
                "passed", result.passed());
        URI target = URI.create(base + "/api/models/"
                + URLEncoder.encode(result.application(), StandardCharsets.UTF_8).replace("+", "%20")
                + "/proposed-changes");
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(EventCodec.mapper().writeValueAsString(body)))
                        .build(), HttpResponse.BodyHandlers.ofString());
        return switch (response.statusCode()) {
            case 200, 201 -> null;
            case 401, 403 -> target + " refused the token in " + TOKEN_ENV + " (" + response.statusCode()
                    + "): it needs an analyst of the model's team";
            case 404 -> target + ": that threatloop has no model '" + result.application()
                    + "' visible to the token's user (--application names the model)";
            default -> target + " answered " + response.statusCode() + ": " + response.body();
        };
    }

    private static List<Map<String, String>> threats(List<GateThreat> threats) {
        return threats.stream().map(t -> Map.of("ruleId", t.ruleId(), "target", t.target(), "severity", t.severity()))
                .toList();
    }
}
