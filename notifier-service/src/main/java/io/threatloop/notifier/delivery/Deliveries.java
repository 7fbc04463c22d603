package io.threatloop.notifier.delivery;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.review.ReviewTaskEvent;
import io.threatloop.contracts.review.ReviewTaskRaised;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

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

    public Uni<Void> enqueue(SqlClient client, Envelope<? extends ReviewTaskEvent> transition, String team) {
        return enqueueAll(client, List.of(transition), Collections.singletonList(team));
    }

    /** Deliveries of many transitions ({@code teams} in the same order) in one INSERT. */
    public Uni<Void> enqueueAll(SqlClient client, List<? extends Envelope<? extends ReviewTaskEvent>> transitions,
                                List<String> teams) {
        List<Delivery> rows = new ArrayList<>();
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
        return rows.isEmpty() ? Uni.createFrom().voidItem() : insert(client, rows);
    }

    /** One INSERT for any number of rows (identity keys keep an ORM from batching entity inserts). */
    private static Uni<Void> insert(SqlClient client, List<Delivery> rows) {
        return client.preparedQuery("insert into deliveries (event_id, application_id, channel, team, kind, event,"
                        + " status, attempts, next_attempt_at, created_at) select e, a, c, t, 'event', v, s, 0, now(), now()"
                        + " from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])"
                        + " with ordinality as d(e, a, c, t, v, s, n) order by n")
                .execute(Tuple.from(List.of(column(rows, d -> d.eventId), column(rows, d -> d.applicationId),
                        column(rows, d -> d.channel), column(rows, d -> d.team), column(rows, d -> d.event),
                        column(rows, d -> d.status))))
                .replaceWithVoid();
    }

    private static String[] column(List<Delivery> rows, Function<Delivery, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }
}
