package io.threatloop.notifier.review;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.threatloop.contracts.EventCodec;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
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
