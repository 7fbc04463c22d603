package io.threatloop.notifier.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.threatloop.eventstore.SqlArrays;
import io.threatloop.contracts.EventCodec;
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
    public Uni<Map<String, ModelReviewState>> locked(Collection<String> applicationIds) {
        String[] ids = new TreeSet<>(applicationIds).toArray(String[]::new);
        String[] empty = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            empty[i] = json(ModelReviewState.empty(ids[i]));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into model_review_states (application_id, state, updated_at)"
                                + " select id, cast(state as jsonb), now()"
                                + " from unnest(cast(cast(?1 as text) as text[]), cast(cast(?2 as text) as text[])) with ordinality as n(id, state, i)"
                                + " order by i on conflict (application_id) do nothing")
                .setParameter(1, SqlArrays.of(ids)).setParameter(2, SqlArrays.of(empty)).executeUpdate()
                .chain(() -> session.createNativeQuery("select application_id, cast(state as text)"
                                + " from model_review_states where application_id = any(cast(cast(?1 as text) as text[]))"
                                + " order by application_id for update", Object[].class)
                        .setParameter(1, SqlArrays.of(ids)).getResultList()))
                .map(ModelStates::read);
    }

    /** Writes the states back (rows {@link #locked} in this transaction). */
    public Uni<Void> save(Collection<ModelReviewState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ModelReviewState> list = List.copyOf(states);
        String[] ids = list.stream().map(ModelReviewState::applicationId).toArray(String[]::new);
        String[] teams = list.stream().map(ModelReviewState::team).toArray(String[]::new);
        String[] json = list.stream().map(ModelStates::json).toArray(String[]::new);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update model_review_states s set team = u.team, state = cast(u.state as jsonb), updated_at = now()"
                                + " from unnest(cast(cast(?1 as text) as text[]), cast(cast(?2 as text) as text[]), cast(cast(?3 as text) as text[]))"
                                + " as u(application_id, team, state) where s.application_id = u.application_id")
                .setParameter(1, SqlArrays.of(ids)).setParameter(2, SqlArrays.of(teams))
                .setParameter(3, SqlArrays.of(json))
                .executeUpdate())
                .replaceWithVoid();
    }

    private static Map<String, ModelReviewState> read(List<Object[]> rows) {
        Map<String, ModelReviewState> states = new TreeMap<>();
        for (Object[] row : rows) {
            states.put((String) row[0], read((String) row[1]));
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
