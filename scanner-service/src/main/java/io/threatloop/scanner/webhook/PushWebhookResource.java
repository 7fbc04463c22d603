package io.threatloop.scanner.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.threatloop.scanner.git.GitSourcePoller;
import io.threatloop.scanner.git.GitSource;
import io.threatloop.scanner.git.SourceRegistry;
import jakarta.annotation.security.PermitAll;
import io.threatloop.sources.RepositoryUrls;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Push webhooks from GitHub and GitLab: a verified push to a configured source scans it now
 * instead of at the next poll. A missing or wrong signature gets 401 and scans nothing; the
 * payload is only used to pick among the configured sources, never to fetch a URL from it.
 */
@Path("/webhooks")
@PermitAll // authenticated by the HMAC signature or the secret token, not by a Keycloak token
public class PushWebhookResource {

    private static final Logger LOG = Logger.getLogger(PushWebhookResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ten minutes: longer than any sender's retries; 10,000 deliveries: far more than pushes come in that time. */
    private static final RecentDeliveries RECENT = new RecentDeliveries(Duration.ofMinutes(10), 10_000);

    @Inject
    WebhookConfig webhooks;

    @Inject
    SourceRegistry sources;

    @Inject
    GitSourcePoller poller;

    /** What a verified webhook triggered. */
    public record Accepted(List<String> sources) {
    }

    /** A delivery received before: nothing scanned. */
    public record Replayed(List<String> sources, String detail) {
    }

    @POST
    @Path("/github")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response github(@HeaderParam("X-Hub-Signature-256") String signature, byte[] body) {
        if (!WebhookSignatures.githubValid(webhooks.githubSecret().orElse(null), body, signature)) {
            return unauthorized("missing or invalid X-Hub-Signature-256");
        }
        return trigger("github", body, List.of("/repository/clone_url", "/repository/html_url", "/repository/ssh_url",
                "/repository/git_url"));
    }

    @POST
    @Path("/gitlab")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response gitlab(@HeaderParam("X-Gitlab-Token") String token, byte[] body) {
        if (!WebhookSignatures.gitlabValid(webhooks.gitlabToken().orElse(null), token)) {
            return unauthorized("missing or invalid X-Gitlab-Token");
        }
        return trigger("gitlab", body, List.of("/project/git_http_url", "/project/web_url", "/project/git_ssh_url",
                "/repository/git_http_url", "/repository/homepage"));
    }

    private Response trigger(String sender, byte[] body, List<String> urlPointers) {
        // the signed content, not a delivery-id header, which the signature does not cover
        if (!RECENT.firstTime(sender + ":" + sha256(body), System.nanoTime())) {
            LOG.infof("push webhook from %s: a delivery received before (a replay or a retry); nothing scanned", sender);
            return Response.ok(new Replayed(List.of(), "this delivery was received before; nothing scanned")).build();
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (IOException e) {
            return problem(400, "Bad Request", "the webhook payload is not JSON");
        }
        Set<String> urls = urlPointers.stream().map(payload::at).filter(JsonNode::isTextual)
                .map(node -> canonical(node.asText())).collect(Collectors.toSet());
        List<String> matched = new ArrayList<>();
        for (GitSource source : sources.all()) {
            if (urls.contains(canonical(source.url()))) {
                matched.add(source.name());
                poller.scanSoon(source); // one queued scan per source, however many pushes
            }
        }
        LOG.infof("push webhook: scanning %s", matched.isEmpty() ? "nothing (no configured source matches)" : matched);
        return Response.accepted(new Accepted(matched)).build();
    }

    private static String sha256(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares repository URLs without credentials, scheme, trailing slash or {@code .git}. */
    static String canonical(String url) {
        String clean = RepositoryUrls.withoutCredentials(url.trim()).toLowerCase(Locale.ROOT)
                .replaceFirst("^[a-z+]+://", "").replaceFirst("^git@([^:]+):", "$1/");
        clean = clean.replaceAll("/+$", "");
        return clean.endsWith(".git") ? clean.substring(0, clean.length() - 4) : clean;
    }

    private static Response unauthorized(String detail) {
        return problem(401, "Unauthorized", detail);
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail)).build();
    }
}
