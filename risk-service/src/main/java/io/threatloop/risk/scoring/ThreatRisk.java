package io.threatloop.risk.scoring;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** The current rating of one open threat. */
@Entity
@Table(name = "threat_risks")
public class ThreatRisk extends PanacheEntityBase {

    @Id
    @Column(name = "threat_id")
    public String threatId;

    @Column(name = "application_id", nullable = false)
    public String applicationId;

    @Column(name = "rule_id", nullable = false)
    public String ruleId;

    @Column(name = "severity", nullable = false)
    public String severity;

    /** As {@link StoredRating} writes it. */
    @Column(name = "rating", nullable = false)
    public String rating;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "title")
    public String title;

    @Column(name = "target")
    public String target;

    /** Null for rows stored before it was kept: read as authenticated. */
    @Column(name = "authenticated")
    public Boolean authenticated;

    @Column(name = "identified_exposure")
    public String identifiedExposure;

    /** "accepted" or "false-positive" (the rating kept, not counted until {@code standingUntil}); null when open. */
    @Column(name = "standing")
    public String standing;

    @Column(name = "standing_until")
    public OffsetDateTime standingUntil;

    @Column(name = "standing_by")
    public String standingBy;

    @Column(name = "justification")
    public String justification;

    /** The causes of the last change of the rating (RiskChanged.causes as a JSON array), newest first. */
    @Column(name = "causes")
    public String causes;
}
