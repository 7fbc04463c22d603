package io.threatloop.model.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One row of the {@code model_summaries} projection: a model's current headline figures. */
@Entity
@Table(name = "model_summaries")
public class ModelSummary extends PanacheEntityBase {

    @Id
    @Column(name = "application_id")
    public String applicationId;

    @Column(name = "team")
    public String team;

    @Column(name = "version", nullable = false)
    public long version;

    @Column(name = "entry_points", nullable = false)
    public int entryPoints;

    @Column(name = "open_threats", nullable = false)
    public int openThreats;

    @Column(name = "last_reviewed_at")
    public OffsetDateTime lastReviewedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
