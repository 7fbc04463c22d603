package io.threatloop.notifier.delivery;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.review.ReviewTaskEvent;
import io.threatloop.contracts.review.ReviewTaskRaised;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Routes a task transition to its team's channels (or the default route) and records one
 * delivery per channel in the caller's transaction, so a transition is never announced without
 * being recorded, nor recorded without being announced.
 */
@ApplicationScoped
public class Deliveries {

    static final String DEFAULT_ROUTE = "default";

    @Inject
    DeliveryConfig config;

    /** The channels that get a team's tasks. */
    public List<String> routeOf(String team) {
        List<String> route = team == null ? null : config.routes().get(team);
        return route != null ? route : config.routes().getOrDefault(DEFAULT_ROUTE, List.of());
    }

    /** Issue trackers get an issue per raised task, not one more for its escalation or closing. */
    private boolean takes(String channel, ReviewTaskEvent event) {
        return !tracker(channel) || event instanceof ReviewTaskRaised;
    }

    private boolean tracker(String channel) {
        DeliveryConfig.Channel config = this.config.channels().get(channel);
        return config != null && ("github".equals(config.type()) || "jira".equals(config.type()));
    }

    private boolean digested(String team, String channel) {
        return team != null && !tracker(channel) && config.digestTeams().orElse(List.of()).contains(team);
    }

    public Uni<Void> enqueue(Envelope<? extends ReviewTaskEvent> transition, String team) {
        if (!TaskMessage.announced(transition.data())) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String event = EventCodec.encode(transition);
        List<Delivery> rows = routeOf(team).stream().filter(channel -> takes(channel, transition.data())).map(channel -> {
            Delivery delivery = new Delivery();
            delivery.eventId = transition.id();
            delivery.applicationId = transition.data().applicationId();
            delivery.channel = channel;
            delivery.team = team;
            delivery.event = event;
            delivery.status = digested(team, channel) ? Delivery.HELD : Delivery.PENDING;
            delivery.nextAttemptAt = now;
            delivery.createdAt = now;
            return delivery;
        }).toList();
        return rows.isEmpty() ? Uni.createFrom().voidItem() : Delivery.persist(rows);
    }
}
