package io.threatloop.notifier.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where review tasks are delivered: named channels, which teams' tasks go to which channels
 * ({@code routes.default} for models without a team or a route of their own), and how hard to try.
 */
@ConfigMapping(prefix = "threatloop.delivery")
public interface DeliveryConfig {

    Map<String, Channel> channels();

    /** Team -> channel names; {@code default} for every other team. */
    Map<String, List<String>> routes();

    /** Teams that get one daily digest per channel instead of a message per task (issue trackers excepted). */
    Optional<List<String>> digestTeams();

    /** When digests are sent (a Quartz-style cron, default 08:00 every day). */
    @WithDefault("0 0 8 * * ?")
    String digestCron();

    /** Tries before a delivery becomes a dead letter. */
    @WithDefault("8")
    int maxAttempts();

    /** The wait after the first failure; doubled after each, with jitter, up to {@link #maxBackoff}. */
    @WithDefault("PT10S")
    Duration initialBackoff();

    @WithDefault("PT1H")
    Duration maxBackoff();

    /** How often due deliveries are looked for. */
    @WithDefault("1s")
    Duration interval();

    /** How long a claimed delivery is held before another try may take it (a crash mid-send). */
    @WithDefault("PT2M")
    Duration lease();

    /** One channel. */
    interface Channel {
        /** {@code slack}, {@code webhook}, {@code github}, {@code jira} or {@code email}. */
        String type();

        /** Slack/webhook: where to POST; github: the API base; jira: the site base URL. */
        Optional<String> url();

        /** A mounted secret: the webhook's HMAC key, or the GitHub / Jira token. */
        Optional<Path> secretFile();

        /** github: {@code owner/repository}. */
        Optional<String> repository();

        /** jira: the project key. */
        Optional<String> project();

        /** jira cloud: the account e-mail for basic auth with an API token (else a bearer token). */
        Optional<String> user();

        /** email: recipients. */
        Optional<List<String>> to();
    }
}
