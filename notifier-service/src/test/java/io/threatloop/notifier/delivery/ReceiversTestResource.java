package io.threatloop.notifier.delivery;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.threatloop.testsupport.RecordingHttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The channels' other ends, started for the tests: a recording HTTP server standing in for Slack,
 * a webhook receiver, GitHub and Jira, and a real SMTP server (GreenMail). Two routes: team
 * {@code delivery-team} gets every channel type, {@code ops-team} a channel that is down, one that
 * fails twice before it answers, and Slack.
 */
public class ReceiversTestResource implements QuarkusTestResourceLifecycleManager {

    static final String WEBHOOK_SECRET = "whsec-test-0123456789";
    static RecordingHttpServer http;
    static GreenMail smtp;

    @Override
    public Map<String, String> start() {
        http = RecordingHttpServer.start().answer("/flaky", Duration.ZERO, 500, 503, 200);
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        Map<String, String> config = new HashMap<>();
        channel(config, "team-slack", "slack", http.url("/slack"));
        channel(config, "team-hook", "webhook", http.url("/hooks/threatloop"));
        config.put("threatloop.delivery.channels.team-hook.secret-file", secret("webhook", WEBHOOK_SECRET));
        channel(config, "team-github", "github", http.url("/github"));
        config.put("threatloop.delivery.channels.team-github.repository", "acme/payments");
        config.put("threatloop.delivery.channels.team-github.secret-file", secret("github", "gh-token"));
        channel(config, "team-jira", "jira", http.url("/jira"));
        config.put("threatloop.delivery.channels.team-jira.project", "SEC");
        config.put("threatloop.delivery.channels.team-jira.user", "bot@acme.test");
        config.put("threatloop.delivery.channels.team-jira.secret-file", secret("jira", "jira-token"));
        config.put("threatloop.delivery.channels.team-mail.type", "email");
        config.put("threatloop.delivery.channels.team-mail.to", "security@acme.test");
        channel(config, "down", "slack", "http://127.0.0.1:9/nobody-listens");
        channel(config, "flaky", "webhook", http.url("/flaky"));
        config.put("threatloop.delivery.channels.flaky.secret-file", secret("flaky", WEBHOOK_SECRET));
        config.put("threatloop.delivery.routes.delivery-team", "team-slack,team-hook,team-github,team-jira,team-mail");
        config.put("threatloop.delivery.routes.ops-team", "down,flaky,team-slack");
        config.put("threatloop.delivery.routes.digest-team", "team-slack,team-hook,team-github");
        config.put("threatloop.delivery.digest-teams", "digest-team");
        // NotifierBenchmark's receiver answers in 50 ms
        http.answer("/bench", Duration.ofMillis(50), 200);
        channel(config, "bench-hook", "webhook", http.url("/bench"));
        config.put("threatloop.delivery.channels.bench-hook.secret-file", secret("bench", WEBHOOK_SECRET));
        config.put("threatloop.delivery.routes.bench-team", "bench-hook");
        config.put("threatloop.delivery.digest-cron", "off"); // the test composes the digest itself
        config.put("threatloop.delivery.max-attempts", "3");
        config.put("threatloop.delivery.initial-backoff", "PT0.2S");
        config.put("threatloop.delivery.max-backoff", "PT1S");
        config.put("threatloop.delivery.interval", "PT0.2S");
        config.put("quarkus.mailer.mock", "false");
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", String.valueOf(smtp.getSmtp().getPort()));
        config.put("quarkus.mailer.from", "threatloop@acme.test");
        return config;
    }

    private static void channel(Map<String, String> config, String name, String type, String url) {
        config.put("threatloop.delivery.channels." + name + ".type", type);
        config.put("threatloop.delivery.channels." + name + ".url", url);
    }

    private static String secret(String name, String value) {
        try {
            Path file = Files.createTempFile("threatloop-" + name, ".secret");
            Files.writeString(file, value + "\n");
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (http != null) {
            http.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }
}
