package io.threatloop.eventstore;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * The latest snapshot of a stream: its state at {@code streamVersion}, in the shape
 * {@code stateVersion} names (a snapshot of another shape is ignored and the stream replayed).
 */
@Entity
@Table(name = "snapshots")
public class Snapshot extends PanacheEntityBase {

    @Id
    @Column(name = "stream_id")
    public String streamId;

    @Column(name = "stream_version", nullable = false)
    public long streamVersion;

    @Column(name = "state_version", nullable = false)
    public int stateVersion;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "state", nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> state;

    @Column(name = "taken_at", nullable = false)
    public OffsetDateTime takenAt;
}
