package io.threatloop.notifier.delivery;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * One review-task event to deliver to one channel: written in the transaction of the transition
 * (so none is lost), tried until delivered or dead (a dead letter with the last error).
 */
@Entity
@Table(name = "deliveries")
public class Delivery extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String DEAD = "DEAD";
    /** Waiting for the team's daily digest. */
    public static final String HELD = "HELD";
    /** Sent as part of a digest row. */
    public static final String DIGESTED = "DIGESTED";
    public static final String EVENT = "event";
    public static final String DIGEST = "digest";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "delivery_id")
    public Long id;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(name = "application_id", nullable = false)
    public String applicationId;

    @Column(name = "channel", nullable = false)
    public String channel;

    @Column(name = "team")
    public String team;

    /** {@link #EVENT} or {@link #DIGEST}. */
    @Column(name = "kind", nullable = false)
    public String kind = EVENT;

    /** The CloudEvent (JSON) of the task transition; for a digest, a JSON array of them. */
    @Column(name = "event", nullable = false)
    public String event;

    @Column(name = "status", nullable = false)
    public String status;

    @Column(name = "attempts", nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public OffsetDateTime nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "delivered_at")
    public OffsetDateTime deliveredAt;
}
