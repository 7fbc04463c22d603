package io.threatloop.scanner.kubernetes;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The last-known state of each workload (namespace/name), in PostgreSQL, to survive restarts. */
@ApplicationScoped
public class WorkloadStateStore {

    /** What was last published for a workload. */
    public record Known(String namespace, String name, String applicationId, String fingerprint) {
    }

    @Inject
    AgroalDataSource dataSource;

    public Map<String, Known> loadAll() {
        Map<String, Known> known = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select namespace, name, application_id, fingerprint from workload_states");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Known k = new Known(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4));
                known.put(k.namespace() + "/" + k.name(), k);
            }
            return known;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the workload state: " + e.getMessage(), e);
        }
    }

    public void save(Known known) {
        execute("""
                insert into workload_states (namespace, name, application_id, fingerprint) values (?, ?, ?, ?)
                on conflict (namespace, name) do update
                set application_id = excluded.application_id, fingerprint = excluded.fingerprint""",
                known.namespace(), known.name(), known.applicationId(), known.fingerprint());
    }

    public void delete(Known known) {
        execute("delete from workload_states where namespace = ? and name = ?", known.namespace(), known.name());
    }

    private void execute(String sql, String... values) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save the workload state: " + e.getMessage(), e);
        }
    }
}
