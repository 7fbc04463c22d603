package io.threatloop.notifier.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.threatloop.eventstore.SqlArrays;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.review.ReviewTaskEvent;
import io.threatloop.contracts.review.ReviewTaskRaised;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
        return enqueueAll(List.of(transition), java.util.Collections.singletonList(team));
    }

    /** Deliveries of many transitions ({@code teams} in the same order) in one INSERT. */
    public Uni<Void> enqueueAll(List<? extends Envelope<? extends ReviewTaskEvent>> transitions, List<String> teams) {
        List<Delivery> rows = new java.util.ArrayList<>();
        for (int i = 0; i < transitions.size(); i++) {
            Envelope<? extends ReviewTaskEvent> transition = transitions.get(i);
            String team = teams.get(i);
            if (!TaskMessage.announced(transition.data())) {
                continue;
            }
            String event = EventCodec.encode(transition);
            for (String channel : routeOf(team)) {
                if (!takes(channel, transition.data())) {
                    continue;
                }
                Delivery delivery = new Delivery();
                delivery.eventId = transition.id();
                delivery.applicationId = transition.data().applicationId();
                delivery.channel = channel;
                delivery.team = team;
                delivery.event = event;
                delivery.status = digested(team, channel) ? Delivery.HELD : Delivery.PENDING;
                rows.add(delivery);
            }
        }
        return rows.isEmpty() ? Uni.createFrom().voidItem() : insert(rows);
    }

    /** One INSERT for any number of rows (identity keys keep Hibernate from batching entity inserts). */
    private static Uni<Void> insert(List<Delivery> rows) {
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into deliveries"
                        + " (event_id, application_id, channel, team, kind, event, status, attempts, next_attempt_at,"
                        + " created_at) select e, a, c, t, 'event', v, s, 0, now(), now() from unnest("
                        + "cast(cast(?1 as text) as text[]), cast(cast(?2 as text) as text[]),"
                        + " cast(cast(?3 as text) as text[]), cast(cast(?4 as text) as text[]),"
                        + " cast(cast(?5 as text) as text[]), cast(cast(?6 as text) as text[]))"
                        + " with ordinality as d(e, a, c, t, v, s, n) order by n")
                .setParameter(1, column(rows, d -> d.eventId)).setParameter(2, column(rows, d -> d.applicationId))
                .setParameter(3, column(rows, d -> d.channel)).setParameter(4, column(rows, d -> d.team))
                .setParameter(5, column(rows, d -> d.event)).setParameter(6, column(rows, d -> d.status))
                .executeUpdate()).replaceWithVoid();
    }

    private static String column(List<Delivery> rows, java.util.function.Function<Delivery, String> value) {
        return SqlArrays.of(rows.stream().map(value).toList());
    }
}
