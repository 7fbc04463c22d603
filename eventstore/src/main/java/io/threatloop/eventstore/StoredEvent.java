package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import java.util.Map;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of the append-only event log. Never updated, never deleted. */
@Entity
@Table(name = "events")
public class StoredEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "global_position")
    public Long globalPosition;

    @Column(name = "stream_id", nullable = false)
    public String streamId;

    @Column(name = "stream_version", nullable = false)
    public long streamVersion;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "schema_version", nullable = false)
    public int schemaVersion;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "payload", nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> payload;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "metadata", nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> metadata;

    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;
}
