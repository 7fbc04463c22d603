package io.threatloop.scanner.persistence;

import io.agroal.api.AgroalDataSource;
import io.threatloop.contracts.observation.SpecRemoved;
import io.threatloop.sources.SourceObservation;
import io.threatloop.sources.SourceState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps each source's scan state in PostgreSQL: its cursor, and the commit each spec was last
 * read well at. Saved after a commit's observations were acknowledged by Kafka, so after a
 * crash nothing is skipped: at worst the last commit is scanned again, and its observations
 * carry the same ids.
 */
@ApplicationScoped
public class SourceStateStore {

    @Inject
    AgroalDataSource dataSource;

    /**
     * Where a source was scanned up to and where each spec's last good surface was read, or
     * null when the source was never scanned. The surfaces themselves are read again from git
     * ({@code GitHistoryScanner.restore}): saving them would rewrite megabytes per change of a
     * large spec.
     */
    public record Saved(String lastCommit, Map<String, String> readAt) {
    }

    public Saved load(String source) {
        try (Connection connection = dataSource.getConnection()) {
            String lastCommit = null;
            try (PreparedStatement select = connection.prepareStatement(
                    "select last_commit from source_cursors where source_name = ?")) {
                select.setString(1, source);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        lastCommit = rows.getString(1);
                    }
                }
            }
            if (lastCommit == null) {
                return null;
            }
            Map<String, String> readAt = new TreeMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select path, read_at from source_specs where source_name = ?")) {
                select.setString(1, source);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        readAt.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            return new Saved(lastCommit, readAt);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the scan state of source '" + source + "': " + e.getMessage(), e);
        }
    }

    /** Moves the cursor to the state's last commit and saves where the specs the commit's observations touched were read. */
    public void save(String source, SourceState state, List<SourceObservation> observations) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement cursor = connection.prepareStatement("""
                    insert into source_cursors (source_name, last_commit, updated_at) values (?, ?, now())
                    on conflict (source_name) do update set last_commit = excluded.last_commit, updated_at = now()""");
                 PreparedStatement upsert = connection.prepareStatement("""
                         insert into source_specs (source_name, path, read_at) values (?, ?, ?)
                         on conflict (source_name, path) do update set read_at = excluded.read_at""");
                 PreparedStatement delete = connection.prepareStatement(
                         "delete from source_specs where source_name = ? and path = ?")) {
                cursor.setString(1, source);
                cursor.setString(2, state.lastCommit());
                cursor.executeUpdate();
                for (SourceObservation observation : observations) {
                    String readAt = state.readAt().get(observation.path());
                    if (observation.event() instanceof SpecRemoved || readAt == null) {
                        delete.setString(1, source);
                        delete.setString(2, observation.path());
                        delete.executeUpdate();
                    } else {
                        upsert.setString(1, source);
                        upsert.setString(2, observation.path());
                        upsert.setString(3, readAt);
                        upsert.executeUpdate();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save the scan state of source '" + source + "': " + e.getMessage(), e);
        }
    }

    /** The last scanned commit of a source, or null. */
    public String lastCommit(String source) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select last_commit from source_cursors where source_name = ?")) {
            select.setString(1, source);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the cursor of source '" + source + "': " + e.getMessage(), e);
        }
    }

    /** Forgets a deleted source's cursor and specs. */
    public void delete(String source) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement cursor = connection.prepareStatement("delete from source_cursors where source_name = ?");
             PreparedStatement specs = connection.prepareStatement("delete from source_specs where source_name = ?")) {
            connection.setAutoCommit(false);
            cursor.setString(1, source);
            cursor.executeUpdate();
            specs.setString(1, source);
            specs.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete the state of source '" + source + "': " + e.getMessage(), e);
        }
    }
}
