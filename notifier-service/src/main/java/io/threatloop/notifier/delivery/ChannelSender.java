package io.threatloop.notifier.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.review.ReviewTaskEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Sends one delivery to its channel. Every request carries the delivery's id
 * ({@code X-Threatloop-Delivery}, or the e-mail's Message-ID) so a receiver can drop the rare
 * second copy after a crash between sending and recording the send. Secrets are read from their
 * mounted files at each send (rotation needs no restart) and never logged.
 */
@ApplicationScoped
public class ChannelSender {

    static final String DELIVERY_HEADER = "X-Threatloop-Delivery";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    DeliveryConfig config;

    @Inject
    ReactiveMailer mailer;

    public Uni<Void> send(Delivery delivery) {
        DeliveryConfig.Channel channel = config.channels().get(delivery.channel);
        if (channel == null) {
            return Uni.createFrom().failure(new IllegalStateException("channel '" + delivery.channel
                    + "' is no longer configured (threatloop.delivery.channels." + delivery.channel + ")"));
        }
        // file reads and request building off the event loop
        return Uni.createFrom().item(() -> build(delivery, channel))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(outgoing -> outgoing instanceof Mail mail ? mailer.send(mail)
                        : post(delivery.channel, (HttpRequest) outgoing));
    }

    private Object build(Delivery delivery, DeliveryConfig.Channel channel) {
        TaskMessage message = message(delivery);
        boolean digest = Delivery.DIGEST.equals(delivery.kind);
        String id = delivery.channel + "-" + delivery.eventId;
        return switch (channel.type()) {
            case "slack" -> json(url(delivery, channel), id, object().put("text", "*" + message.title() + "*\n"
                    + message.body())).build();
            case "webhook" -> {
                long now = Instant.now().getEpochSecond();
                yield HttpRequest.newBuilder(URI.create(url(delivery, channel))).timeout(TIMEOUT)
                        .header("Content-Type", digest ? "application/json" : Envelope.CONTENT_TYPE)
                        .header(DELIVERY_HEADER, id)
                        .header(WebhookSignature.HEADER, WebhookSignature.header(secret(delivery, channel), now,
                                delivery.event))
                        .POST(HttpRequest.BodyPublishers.ofString(delivery.event)).build();
            }
            case "github" -> json(url(delivery, channel).replaceAll("/$", "") + "/repos/"
                    + required(delivery, "repository", channel.repository().orElse(null)) + "/issues", id,
                    object().put("title", message.title()).put("body", message.body())
                            .set("labels", EventCodec.mapper().valueToTree(List.of("threatloop", "threat-model-review"))))
                    .header("Authorization", "Bearer " + token(delivery, channel))
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28").build();
            case "jira" -> {
                ObjectNode fields = object();
                fields.putObject("project").put("key", required(delivery, "project", channel.project().orElse(null)));
                fields.put("summary", message.title()).put("description", message.body());
                fields.putObject("issuetype").put("name", "Task");
                fields.set("labels", EventCodec.mapper().valueToTree(List.of("threatloop")));
                ObjectNode issue = object();
                issue.set("fields", fields);
                String token = token(delivery, channel);
                yield json(url(delivery, channel).replaceAll("/$", "") + "/rest/api/2/issue", id, issue)
                        .header("Authorization", channel.user().map(user -> "Basic " + Base64.getEncoder()
                                        .encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8)))
                                .orElse("Bearer " + token)).build();
            }
            case "email" -> Mail.withText(null, message.title(), message.body())
                    .setTo(channel.to().filter(to -> !to.isEmpty()).orElseThrow(() -> new IllegalStateException(
                            "channel '" + delivery.channel + "' has no recipients (threatloop.delivery.channels."
                                    + delivery.channel + ".to)")))
                    .addHeader("Message-ID", "<" + id + "@threatloop>");
            default -> throw new IllegalStateException("channel '" + delivery.channel + "' has an unknown type '"
                    + channel.type() + "' (slack, webhook, github, jira or email)");
        };
    }

    /** A transition's message, or a digest's: its body is a JSON array of the transitions' CloudEvents. */
    static TaskMessage message(Delivery delivery) {
        if (!Delivery.DIGEST.equals(delivery.kind)) {
            return TaskMessage.of(EventCodec.decode(delivery.event, ReviewTaskEvent.class).data());
        }
        try {
            List<ReviewTaskEvent> events = new java.util.ArrayList<>();
            for (var event : EventCodec.mapper().readTree(delivery.event)) {
                events.add(EventCodec.decode(event.toString(), ReviewTaskEvent.class).data());
            }
            return TaskMessage.digest(delivery.team, events);
        } catch (IOException e) {
            throw new IllegalStateException("digest " + delivery.id + " is not a JSON array: " + e.getMessage(), e);
        }
    }

    private Uni<Void> post(String channel, HttpRequest request) {
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        String body = response.body() == null ? "" : response.body();
                        throw new IllegalStateException(channel + " answered " + response.statusCode() + ": "
                                + body.substring(0, Math.min(200, body.length())));
                    }
                    return response;
                })
                .onFailure(e -> !(e instanceof IllegalStateException))
                .transform(e -> new IllegalStateException(channel + " unreachable: " + e, e))
                .replaceWithVoid();
    }

    private static HttpRequest.Builder json(String url, String id, ObjectNode body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(DELIVERY_HEADER, id)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static ObjectNode object() {
        return EventCodec.mapper().createObjectNode();
    }

    private static String url(Delivery delivery, DeliveryConfig.Channel channel) {
        String url = channel.url().orElse("github".equals(channel.type()) ? "https://api.github.com" : null);
        return required(delivery, "url", url);
    }

    private static String required(Delivery delivery, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("channel '" + delivery.channel + "' needs threatloop.delivery.channels."
                    + delivery.channel + "." + key);
        }
        return value;
    }

    private static String token(Delivery delivery, DeliveryConfig.Channel channel) {
        return new String(secret(delivery, channel), StandardCharsets.UTF_8).strip();
    }

    private static byte[] secret(Delivery delivery, DeliveryConfig.Channel channel) {
        var file = channel.secretFile().orElseThrow(() -> new IllegalStateException("channel '" + delivery.channel
                + "' needs threatloop.delivery.channels." + delivery.channel + ".secret-file"));
        try {
            return Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("channel '" + delivery.channel + "': cannot read its secret file " + file
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
