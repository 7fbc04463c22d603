package io.threatloop.notifier.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.EventCodec;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The stored {@link ModelReviewState} of each model ({@code model_review_states}), a batch's
 * models at once: one statement to create the rows of new models, one to lock and read them all,
 * one to write them back. Plain SQL and no entity: a managed JSON column was copied and compared
 * again at every flush, several times per event.
 */
@ApplicationScoped
public class ModelStates {

    /**
     * The states of {@code applicationIds}, their rows locked for the transaction. A model seen
     * for the first time gets its row first, by an insert that yields to a concurrent one: the
     * model and the risk streams are consumed at once, and two plain inserts for one new model
     * failed one transaction on the key and ran its whole batch again. Rows are created and
     * locked in id order, so the two consumers wait for each other instead of deadlocking.
     */
    public Uni<Map<String, ModelReviewState>> locked(SqlClient client, Collection<String> applicationIds) {
        String[] ids = new TreeSet<>(applicationIds).toArray(String[]::new);
        String[] empty = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            empty[i] = json(ModelReviewState.empty(ids[i]));
        }
        return client.preparedQuery("insert into model_review_states (application_id, state, updated_at)"
                        + " select id, state::jsonb, now() from unnest($1::text[], $2::text[]) with ordinality as n(id, state, i)"
                        + " order by i on conflict (application_id) do nothing")
                .execute(Tuple.of(ids, empty))
                .chain(() -> client.preparedQuery("select application_id, state::text from model_review_states"
                                + " where application_id = any($1::text[]) order by application_id for update")
                        .execute(Tuple.of(ids)))
                .map(ModelStates::read);
    }

    /** Writes the states back (rows {@link #locked} in this transaction). */
    public Uni<Void> save(SqlClient client, Collection<ModelReviewState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ModelReviewState> list = List.copyOf(states);
        String[] ids = list.stream().map(ModelReviewState::applicationId).toArray(String[]::new);
        String[] teams = list.stream().map(ModelReviewState::team).toArray(String[]::new);
        String[] json = list.stream().map(ModelStates::json).toArray(String[]::new);
        return client.preparedQuery("update model_review_states s set team = u.team, state = u.state::jsonb, updated_at = now()"
                        + " from unnest($1::text[], $2::text[], $3::text[]) as u(application_id, team, state)"
                        + " where s.application_id = u.application_id")
                .execute(Tuple.of(ids, teams, json))
                .replaceWithVoid();
    }

    private static Map<String, ModelReviewState> read(RowSet<Row> rows) {
        Map<String, ModelReviewState> states = new TreeMap<>();
        for (Row row : rows) {
            states.put(row.getString(0), read(row.getString(1)));
        }
        return states;
    }

    static ModelReviewState read(String json) {
        try {
            return EventCodec.mapper().readValue(json, ModelReviewState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable model_review_states row: " + e.getMessage(), e);
        }
    }

    private static String json(ModelReviewState state) {
        try {
            return EventCodec.mapper().writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model review state not writable as JSON: " + e.getMessage(), e);
        }
    }
}
