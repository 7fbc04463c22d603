package io.threatloop.notifier.review;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.EventCodec;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/** The stored {@link ModelReviewState} of one model. */
@Entity
@Table(name = "model_review_states")
public class ModelStateRow extends PanacheEntityBase {

    @Id
    @Column(name = "application_id")
    public String applicationId;

    @Column(name = "team")
    public String team;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "state", nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> state;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /**
     * The model's row, locked for the transaction. A model seen for the first time gets its row
     * first, by an insert that yields to a concurrent one: the model and the risk streams are
     * consumed at once, and two plain inserts for one new model failed one transaction on the
     * key and ran its whole batch again.
     */
    public static Uni<ModelStateRow> locked(String applicationId) {
        return ModelStateRow.<ModelStateRow>findById(applicationId, LockModeType.PESSIMISTIC_WRITE).chain(row ->
                row != null ? Uni.createFrom().item(row) : Panache.getSession().chain(session -> session.createNativeQuery(
                                "insert into model_review_states (application_id, state, updated_at)"
                                        + " values (?1, cast(cast(?2 as text) as jsonb), now()) on conflict (application_id) do nothing")
                        .setParameter(1, applicationId)
                        .setParameter(2, EventCodec.mapper().valueToTree(ModelReviewState.empty(applicationId)).toString())
                        .executeUpdate())
                        .chain(() -> ModelStateRow.<ModelStateRow>findById(applicationId, LockModeType.PESSIMISTIC_WRITE)));
    }

    public ModelReviewState state() {
        return EventCodec.mapper().convertValue(state, ModelReviewState.class);
    }

    @SuppressWarnings("unchecked")
    public ModelStateRow state(ModelReviewState next) {
        applicationId = next.applicationId();
        team = next.team();
        state = EventCodec.mapper().convertValue(next, Map.class);
        updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        return this;
    }
}
