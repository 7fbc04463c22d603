package io.threatloop.risk.scoring;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.Map;

/** The stored {@code ModelRiskContext} of one model, and its owning team. */
@Entity
@Table(name = "model_contexts")
public class ModelContextRow extends PanacheEntityBase {

    @Id
    @Column(name = "application_id")
    public String applicationId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "context", nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> context;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** The owning team; null while nobody owns the model (then only administrators see it). */
    @Column(name = "team")
    public String team;
}
