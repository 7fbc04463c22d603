package io.threatloop.scanner.webhook;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * {@code threatloop.scanner.webhooks.*}: the shared secrets of push webhooks. Without a secret
 * the endpoint refuses every call: nothing is scanned on an unauthenticated request.
 */
@ConfigMapping(prefix = "threatloop.scanner.webhooks")
public interface WebhookConfig {
    /** The secret configured on the GitHub webhook (signs each delivery). */
    Optional<String> githubSecret();

    /** The secret token configured on the GitLab webhook. */
    Optional<String> gitlabToken();
}
